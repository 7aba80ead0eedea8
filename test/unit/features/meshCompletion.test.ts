/** Completion in Istio's rules: Service hosts, the subsets of the destination's host, Istio Gateways. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { completionsAt } from '../../../server/src/features/completion';
import { snapshotOf } from '../../support/engineFixtures';
import { PROJECT_ROOT, SHARED } from '../../support/fixtures';

const BOOKINFO = path.join(SHARED, 'corpus', 'bookinfo', 'platform-kube', 'bookinfo.yaml');
const FIXTURES = path.join(PROJECT_ROOT, 'test', 'fixtures', 'bookinfo-istio');

describe('completion in Istio rules', { skip: !fs.existsSync(BOOKINFO) && 'no ../shared/corpus' }, () => {
  const entry = 'apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: external}\nspec: {hosts: [httpbin.org, "*.example.com"]}\n';
  const snapshot = snapshotOf([...[BOOKINFO, ...['namespace.yaml', 'destination-rule-all.yaml', 'bookinfo-gateway.yaml'].map((name) => path.join(FIXTURES, name))].map((file) => fs.readFileSync(file, 'utf8')), entry].join('\n---\n'));
  /** The labels proposed at the end of the last line of `text` (a document being typed). */
  const proposals = (text: string) => {
    const lines = text.split('\n');
    const line = lines.length - 1;
    return completionsAt(lines, { line, character: lines[line]!.length }, snapshot).map((proposal) => `${proposal.kind}:${proposal.label}`);
  };
  const ROUTES = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: reviews\nspec:\n';

  test('a destination host offers the Services, short in the rule\'s namespace; the rule\'s hosts too', () => {
    const hosts = proposals(`${ROUTES}  http:\n  - route:\n    - destination:\n        host: `);
    assert.ok(hosts.includes('service:reviews') && hosts.includes('service:productpage'), hosts.join(' '));
    assert.ok(hosts.includes('service:kube-dns.kube-system') === false, 'the stand-ins are not offered');
    assert.ok(hosts.includes('service:httpbin.org') && !hosts.some((label) => label.includes('*')), 'a ServiceEntry\'s hosts, not its patterns');
    assert.deepEqual(proposals(`${ROUTES}  hosts:\n  - `), hosts);
    assert.deepEqual(proposals(`${ROUTES.replace('name: reviews', 'name: reviews\n  namespace: other')}  hosts: [`).filter((label) => label.startsWith('service:reviews')), ['service:reviews.default']);
  });

  test('a subset offers what the DestinationRules of the destination\'s host define, in block and flow style', () => {
    const block = proposals(`${ROUTES}  http:\n  - route:\n    - destination:\n        host: reviews\n        subset: `);
    assert.deepEqual(block, ['subset:v1', 'subset:v2', 'subset:v3']);
    assert.deepEqual(proposals(`${ROUTES}  http:\n  - route:\n    - destination: {host: ratings, subset: `), ['subset:v1', 'subset:v2', 'subset:v2-mysql', 'subset:v2-mysql-vm']);
    assert.deepEqual(proposals(`${ROUTES}  http:\n  - route:\n    - destination: {host: nothing-here, subset: `), []);
  });

  test('gateways offer mesh and the Istio Gateways', () => {
    assert.deepEqual(proposals(`${ROUTES}  gateways:\n  - `), ['gateway:mesh', 'gateway:bookinfo-gateway']);
  });
});
