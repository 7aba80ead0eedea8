/**
 * What is at a position, over a small workspace (test/fixtures/symbol-at): for every kind the resolver knows, the
 * hover, the definition and the references found from one cursor, asserted together.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { DEFAULT_PROFILE } from '../../../server/src/engine/profile';
import { buildSnapshot } from '../../../server/src/engine/snapshot/buildSnapshot';
import type { SourceLocation } from '../../../server/src/engine/source';
import { hoverMarkdown } from '../../../server/src/features/hoverContent';
import { definitionAt, referencesOf } from '../../../server/src/features/navigation';
import { symbolAt, type SymbolAt } from '../../../server/src/features/symbolAt';
import { parseManifest } from '../../../server/src/model/parseManifest';
import { markedCursors } from '../../support/cursorMarkers';
import { PROJECT_ROOT } from '../../support/fixtures';

const FOLDER = path.join(PROJECT_ROOT, 'test', 'fixtures', 'symbol-at');
const { cursors, lines: linesOf } = markedCursors(FOLDER);
const snapshot = buildSnapshot([...linesOf].flatMap(([uri, lines]) => parseManifest(uri, lines.join('\n')).objects), DEFAULT_PROFILE);

/** A location as `file:line text`, the text being what its range covers on its first line. */
function located(location: SourceLocation): string {
  const line = linesOf.get(location.uri)?.[location.range.start.line] ?? '';
  const text = location.range.end.line === location.range.start.line ? line.slice(location.range.start.character, location.range.end.character) : line.trim();
  return `${path.basename(location.uri)}:${location.range.start.line + 1} ${text}`;
}

function at(id: string): SymbolAt {
  const cursor = cursors.get(id);
  assert.ok(cursor, `a cursor ${id} in the fixture`);
  const symbol = symbolAt(snapshot, cursor.uri, cursor.position);
  assert.ok(symbol, `a symbol at ${id}`);
  return symbol;
}

/** The Service shop/api's hover: its name, its port to the named targetPort, its one endpoint, who routes to it. */
const API_SERVICE = [/^\*\*Service shop\/api\*\* · ClusterIP/, /80\/TCP → targetPort http → 8080 \(container api\)/, /\*\*Endpoints\*\* \(from the selector\): 1 ready\n- 10\.\d+\.\d+\.\d+ `shop\/api-/, /\*\*Routed by\*\*: StatefulSet \[shop\/cache\].*Ingress \[shop\/web\].*HTTPRoute \[shop\/web\]/];
/** Who refers to the Service shop/api: the StatefulSet, the Ingress and HTTPRoute that route to it, the VirtualService and DestinationRule for it. */
const API_REFERENCES = ['app.yaml:43 cache', 'routing.yaml:4 web', 'routing.yaml:22 web', 'mesh.yaml:4 api', 'mesh.yaml:20 api'];
/** The Service's metadata.name. */
const API_DEFINITION = ['app.yaml:31 api'];
/** The pod template of the Deployment shop/api (where its pods are written). */
const API_PODS = ['app.yaml:10 template:'];
const RULE = [/^\*\*ingress rule 1 of shop-data\/db\*\* admits from:\n- pods in shop: 1 pod\(s\) of `shop\/api`\n\non TCP 5432$/];

interface Row {
  readonly kind: SymbolAt['kind'];
  readonly hover: readonly RegExp[];
  readonly definition: readonly string[];
  readonly references: readonly string[];
}

const TABLE: Readonly<Record<string, Row>> = {
  'ingress-backend': { kind: 'service-ref', hover: API_SERVICE, definition: API_DEFINITION, references: [] },
  'route-backend': { kind: 'service-ref', hover: API_SERVICE, definition: API_DEFINITION, references: [] },
  'service-name': { kind: 'service-ref', hover: API_SERVICE, definition: API_DEFINITION, references: [] },
  object: { kind: 'object', hover: API_SERVICE, definition: [], references: API_REFERENCES },
  selector: { kind: 'selector', hover: [/^\*\*This selector\*\* matches 1 pod\(s\) of 1 workload\(s\)\n\n- Deployment shop\/api\n/], definition: API_PODS, references: API_REFERENCES },
  'target-port': { kind: 'target-port', hover: API_SERVICE, definition: ['app.yaml:21 8080'], references: API_REFERENCES },
  label: {
    kind: 'label',
    hover: [/^\*\*1 pod\(s\)\*\*\n- `shop\/api-/, /\*\*Selected by Services\*\*: `api`/],
    definition: [],
    // The Deployment's own selector, the Service's and the policy's peer ask for app: api.
    references: ['app.yaml:9 api', 'app.yaml:35 api', 'policy.yaml:19 api'],
  },
  'connection-string': { kind: 'connection-string', hover: [/^`postgres\.shop-data` resolves to 10\.\d+\.\d+\.\d+ \(`postgres\.shop-data\.svc\.cluster\.local\.`\)$/], definition: ['data.yaml:14 postgres'], references: [] },
  'connection-string-plain': { kind: 'connection-string', hover: [/^`postgres\.shop-data` resolves to /], definition: ['data.yaml:14 postgres'], references: [] },
  'mesh-host': { kind: 'mesh-host', hover: API_SERVICE, definition: API_DEFINITION, references: [] },
  'mesh-subset': { kind: 'mesh-subset', hover: [/^Subset \*\*v1\*\* of Service shop\/api \(version=v1\): 1 pod\(s\)\n\n- `api-/], definition: ['mesh.yaml:25 - name: v1'], references: [] },
  'mesh-gateway': { kind: 'mesh-gateway', hover: [/^\*\*Istio Gateway shop\/shop-gateway\*\*/, /\*\*Bound VirtualServices\*\*: \[shop\/api\]/], definition: ['mesh.yaml:32 shop-gateway'], references: [] },
  gateway: { kind: 'mesh-gateway', hover: [/^\*\*Istio Gateway shop\/shop-gateway\*\*/], definition: [], references: ['mesh.yaml:10 shop-gateway'] },
  'policy-selector': { kind: 'selector', hover: [/^\*\*This policy\*\* matches 1 pod\(s\) of 1 workload\(s\)\n\n- Deployment shop-data\/postgres\n/], definition: ['data.yaml:31 template:'], references: [] },
  'policy-peer': { kind: 'policy-rule', hover: RULE, definition: API_PODS, references: [] },
  'policy-port': { kind: 'policy-rule', hover: RULE, definition: [], references: [] },
};

describe('what is at a position: hover, definition and references for every kind', () => {
  test('every cursor of the fixture has a row, and every kind a cursor', () => {
    assert.deepEqual([...cursors.keys()].sort(), Object.keys(TABLE).sort());
    const kinds: readonly SymbolAt['kind'][] = ['object', 'service-ref', 'selector', 'label', 'connection-string', 'mesh-host', 'mesh-subset', 'mesh-gateway', 'policy-rule', 'target-port'];
    assert.deepEqual([...new Set(Object.values(TABLE).map((row) => row.kind))].sort(), [...kinds].sort());
  });

  for (const [id, row] of Object.entries(TABLE)) {
    test(`${id}: ${row.kind}`, () => {
      const symbol = at(id);
      assert.equal(symbol.kind, row.kind);
      const hover = hoverMarkdown(symbol, snapshot) ?? '';
      for (const pattern of row.hover) assert.match(hover, pattern);
      assert.deepEqual(definitionAt(symbol, snapshot).map(located), row.definition);
      assert.deepEqual(referencesOf(symbol, snapshot).map(located), row.references);
    });
  }

  test("a connection string is read by the engine's parser: scheme, host and port, user:password@ skipped", () => {
    for (const id of ['connection-string', 'connection-string-plain']) {
      const symbol = at(id);
      assert.ok(symbol.kind === 'connection-string');
      assert.deepEqual([symbol.scheme, symbol.host, symbol.port, symbol.client?.workload.name], ['postgres', 'postgres.shop-data', 5432, 'api'], id);
    }
  });

  test("an env var's value is a field of its path; a policy rule's peer and port carry their rule's direction and indices", () => {
    assert.deepEqual(at('connection-string').path, ['spec', 'template', 'spec', 'containers', 0, 'env', 0, 'value']);
    const peer = at('policy-peer');
    const port = at('policy-port');
    assert.ok(peer.kind === 'policy-rule' && port.kind === 'policy-rule');
    assert.deepEqual([peer.direction, peer.rule, peer.peer, peer.port], ['ingress', 0, 0, undefined]);
    assert.deepEqual([port.direction, port.rule, port.peer, port.port], ['ingress', 0, undefined, 0]);
  });
});
