/** Hovers and navigation for the mesh: from a host to its Service, from a subset to its pods, from a Service to its mesh rules. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { symbolAt } from '../../../server/src/features/symbolAt';
import { hoverMarkdown } from '../../../server/src/features/hoverContent';
import { definitionAt, lensesFor, referencesOf } from '../../../server/src/features/navigation';
import { snapshotOf } from '../../support/engineFixtures';
import { PROJECT_ROOT, SHARED } from '../../support/fixtures';

const URI = 'file:///test/manifests.yaml';
const BOOKINFO = path.join(SHARED, 'corpus', 'bookinfo', 'platform-kube', 'bookinfo.yaml');
const FIXTURES = path.join(PROJECT_ROOT, 'test', 'fixtures', 'bookinfo-istio');

describe('mesh hovers and navigation', { skip: !fs.existsSync(BOOKINFO) && 'no ../shared/corpus' }, () => {
  const text = [BOOKINFO, ...['namespace.yaml', 'destination-rule-all.yaml', 'virtual-service-reviews-50-v3.yaml'].map((name) => path.join(FIXTURES, name))].map((file) => fs.readFileSync(file, 'utf8')).join('\n---\n');
  const lines = text.split('\n');
  const snapshot = snapshotOf(text);
  /** The field at the first line (from `after`) holding `needle`, on its first character. */
  const at = (needle: string, after = 0) => {
    const line = lines.findIndex((candidate, index) => index >= after && candidate.includes(needle));
    assert.ok(line >= 0, needle);
    const field = symbolAt(snapshot, URI, { line, character: lines[line]!.indexOf(needle) + needle.length - 1 });
    assert.ok(field, `a field at ${needle}`);
    return { field, line };
  };
  const virtualService = lines.findIndex((line) => line === 'kind: VirtualService');
  const reviewsRule = lines.findIndex((line, index) => index > 0 && line === '  name: reviews' && lines[index - 2] === 'kind: DestinationRule');

  test('a VirtualService host and destination go to the Service, and hover with it', () => {
    const host = at('- reviews', virtualService).field;
    const [service] = definitionAt(host, snapshot);
    assert.equal(lines[service!.range.start.line], '  name: reviews');
    assert.equal(lines[service!.range.start.line - 2], 'kind: Service');
    assert.match(hoverMarkdown(host, snapshot)!, /^\*\*Service default\/reviews\*\*/);
    assert.match(hoverMarkdown(at('host: reviews', virtualService).field, snapshot)!, /\*\*Mesh routes\*\*: VirtualService \[default\/reviews\]/);
  });

  test('a subset named by a route goes to the DestinationRule\'s subset; a subset in the rule to its pods, and hovers with them', () => {
    const named = at('subset: v3', virtualService).field;
    const [subset] = definitionAt(named, snapshot);
    assert.match(lines[subset!.range.start.line]!, /- name: v3/);
    assert.match(hoverMarkdown(named, snapshot)!, /^Subset \*\*v3\*\* of Service default\/reviews \(version=v3\): 1 pod\(s\)\n\n- `reviews-v3-/);
    const inRule = at('- name: v2', reviewsRule).field;
    const pods = definitionAt(inRule, snapshot);
    assert.equal(pods.length, 1);
    const deployment = lines.indexOf('  name: reviews-v2');
    const next = lines.findIndex((line, index) => index > deployment && line.startsWith('kind:'));
    assert.ok(pods[0]!.range.start.line > deployment && pods[0]!.range.start.line < next, 'in the reviews-v2 Deployment');
    assert.match(hoverMarkdown(at('- name: v2-mysql', reviewsRule).field, snapshot)!, /no pod has these labels, so requests routed to it get 503/);
  });

  test('a Service finds the VirtualServices and DestinationRules that apply to it', () => {
    const service = at('name: reviews', lines.findIndex((line, index) => line === 'kind: Service' && lines[index + 2] === '  name: reviews')).field;
    const kinds = referencesOf(service, snapshot).map((location) => lines[location.range.start.line - 2]);
    assert.deepEqual(kinds, ['kind: VirtualService', 'kind: DestinationRule']);
    assert.match(hoverMarkdown(service, snapshot)!, /\*\*DestinationRule\*\* \[default\/reviews\]\(.*\): subsets v1 \(version=v1\), v2 \(version=v2\), v3 \(version=v3\)/);
  });

  test('a CodeLens above each route says where it sends requests: each destination, its share and its pods', () => {
    assert.deepEqual(lensesFor(URI, snapshot).filter((lens) => lens.title.startsWith('route')).map((lens) => [lens.title, lines[lens.range.start.line]]), [['route 1 → reviews v1 50% (1 pod) · reviews v3 50% (1 pod)', '  - route:']]);
    const routes = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: r}\nspec:\n  hosts: [reviews]\n  http:\n  - route: [{destination: {host: reviews, subset: v9}}, {destination: {host: httpbin.org}}]\n  tcp:\n  - route: [{destination: {host: ratings}}]\n';
    const withRoutes = snapshotOf(`${text}\n---\n${routes}`);
    assert.deepEqual(lensesFor(URI, withRoutes).filter((lens) => lens.title.includes('v9') || lens.title.startsWith('TCP route')).map((lens) => lens.title), ['route 1 → reviews v9 0% (subset not defined) · httpbin.org 0% (no Service or ServiceEntry)', 'TCP route 1 → ratings (1 pod)']);
  });

  test('a destination host a ServiceEntry declares goes to the entry and hovers with it; an unknown one says so', () => {
    const routes = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: out}\nspec:\n  hosts: [reviews]\n  http:\n  - route: [{destination: {host: httpbin.org}}]\n  - route: [{destination: {host: nowhere.example}}]\n';
    const entry = 'apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: httpbin}\nspec: {hosts: [httpbin.org], resolution: DNS, ports: [{number: 443, name: https, protocol: HTTPS}]}\n';
    const withEntry = `${text}\n---\n${routes}---\n${entry}`;
    const entryLines = withEntry.split('\n');
    const entrySnapshot = snapshotOf(withEntry);
    const fieldOn = (needle: string) => {
      const line = entryLines.findIndex((candidate) => candidate.includes(needle));
      return symbolAt(entrySnapshot, URI, { line, character: entryLines[line]!.indexOf(needle) + needle.length - 2 })!;
    };
    const [target] = definitionAt(fieldOn('host: httpbin.org'), entrySnapshot);
    assert.equal(entryLines[target!.range.start.line], 'metadata: {name: httpbin}');
    assert.match(hoverMarkdown(fieldOn('host: httpbin.org'), entrySnapshot)!, /^`httpbin\.org` is declared by ServiceEntry \[default\/httpbin\]\(.*\) \(MESH_EXTERNAL, resolution DNS, ports 443\/HTTPS\)\.$/);
    assert.equal(hoverMarkdown(fieldOn('host: nowhere.example'), entrySnapshot), '`nowhere.example` is neither a Service of the workspace nor a ServiceEntry host: the mesh has no cluster for it.');
  });

  test('a PeerAuthentication hovers with its mode and the pods it decides for; an AuthorizationPolicy with the pods it applies to', () => {
    const policies = [
      'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: default}\nspec: {mtls: {mode: STRICT}}\n',
      'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: ratings, namespace: default}\nspec:\n  selector: {matchLabels: {app: ratings}}\n  mtls: {mode: PERMISSIVE}\n  portLevelMtls: {9080: {mode: DISABLE}}\n',
      'apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: deny-all, namespace: default}\nspec: {selector: {matchLabels: {app: details}}}\n',
    ];
    const withPolicies = `${text}\n---\n${policies.join('---\n')}`;
    const policyLines = withPolicies.split('\n');
    const policySnapshot = snapshotOf(withPolicies);
    const hoverOn = (needle: string) => {
      const line = policyLines.findIndex((candidate) => candidate.includes(needle));
      return hoverMarkdown(symbolAt(policySnapshot, URI, { line, character: policyLines[line]!.indexOf(needle) + 1 })!, policySnapshot)!;
    };
    const namespaceWide = hoverOn('metadata: {name: default, namespace: default}');
    assert.match(namespaceWide, /^\*\*PeerAuthentication default\/default\*\* · mTLS STRICT\n\n\*\*Decides for\*\* 5 pod\(s\) with a sidecar, of:\n- `default\/details-v1`/);
    assert.ok(!namespaceWide.includes('ratings-v1'), 'the workload policy decides for ratings');
    assert.match(hoverOn('metadata: {name: ratings, namespace: default}'), /^\*\*PeerAuthentication default\/ratings\*\* · mTLS PERMISSIVE · by port 9080: DISABLE\n\n\*\*Decides for\*\* 1 pod\(s\) with a sidecar, of:\n- `default\/ratings-v1`$/);
    assert.match(hoverOn('metadata: {name: deny-all'), /^\*\*AuthorizationPolicy default\/deny-all\*\* · ALLOW · no rules: it allows nothing, so every request to these pods is denied\n\n\*\*Applies to\*\* 1 pod\(s\) with a sidecar, of:\n- `default\/details-v1`$/);
  });

  test("a workload's labels hover with the proxy its pods run, the identity it presents and how it accepts connections", () => {
    const deployment = lines.indexOf('  name: reviews-v2');
    const label = lines.findIndex((line, index) => index > deployment && line.trim() === 'app: reviews');
    const hover = hoverMarkdown(symbolAt(snapshot, URI, { line: label, character: lines[label]!.indexOf('reviews') })!, snapshot)!;
    assert.match(hover, /\*\*Mesh\*\*: Istio sidecar, identity `cluster\.local\/ns\/default\/sa\/bookinfo-reviews`, mTLS PERMISSIVE \(Istio's default\)$/);
    const linkerd = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: emoji, annotations: {linkerd.io/inject: enabled}}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: emoji}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {serviceAccountName: web, containers: [{name: web, image: x}]}\n';
    const linkerdSnapshot = snapshotOf(linkerd);
    const line = linkerd.split('\n').indexOf('    metadata: {labels: {app: web}}');
    assert.match(hoverMarkdown(symbolAt(linkerdSnapshot, URI, { line, character: 28 })!, linkerdSnapshot)!, /\*\*Mesh\*\*: Linkerd proxy, identity `web\.emoji\.serviceaccount\.identity\.linkerd\.cluster\.local`, default inbound policy all-unauthenticated$/);
  });

  describe('an Istio Gateway', () => {
    const gatewayText = [BOOKINFO, path.join(FIXTURES, 'namespace.yaml'), path.join(FIXTURES, 'bookinfo-gateway.yaml')].map((file) => fs.readFileSync(file, 'utf8')).join('\n---\n');
    const gatewayLines = gatewayText.split('\n');
    const gatewaySnapshot = snapshotOf(gatewayText);
    const fieldOn = (needle: string) => {
      const line = gatewayLines.findIndex((candidate) => candidate.includes(needle));
      const field = symbolAt(gatewaySnapshot, URI, { line, character: gatewayLines[line]!.indexOf(needle) + needle.length - 1 });
      assert.ok(field, needle);
      return field;
    };

    test('a VirtualService\'s gateway goes to the Gateway, which finds it back; both hover with the servers, the Envoy pods and the routes', () => {
      const entry = fieldOn('  - bookinfo-gateway');
      const [gateway] = definitionAt(entry, gatewaySnapshot);
      assert.equal(gatewayLines[gateway!.range.start.line], '  name: bookinfo-gateway');
      assert.equal(gatewayLines[gateway!.range.start.line - 2], 'kind: Gateway');
      const references = referencesOf(fieldOn('  name: bookinfo-gateway'), gatewaySnapshot);
      assert.deepEqual(references.map((location) => gatewayLines[location.range.start.line]), ['  - bookinfo-gateway']);
      const hover = hoverMarkdown(entry, gatewaySnapshot)!;
      assert.match(hover, /^\*\*Istio Gateway default\/bookinfo-gateway\*\* · selector `istio=ingressgateway`/);
      assert.match(hover, /\*\*Servers\*\*\n- http: 8080\/HTTP, hosts `\*`/);
      assert.match(hover, /\*\*Envoy pods\*\* \(a stand-in for Istio's default ingress gateway, which the workspace does not define\)\n- `istio-system\/istio-ingressgateway-/);
      assert.match(hover, /\*\*Reached at\*\*: [\d.]+ \(Service istio-system\/istio-ingressgateway, a stand-in\)/);
      assert.match(hover, /\*\*Bound VirtualServices\*\*: \[default\/bookinfo\]\(.*\) \(`\*`\)/);
      assert.equal(hoverMarkdown(fieldOn('  name: bookinfo-gateway'), gatewaySnapshot), hover);
    });

    test('a gateway no Istio Gateway has, and a Gateway whose selector picks no pod, say so', () => {
      const typo = gatewayText.replace('  - bookinfo-gateway', '  - bookinfo-gw');
      const typoLines = typo.split('\n');
      const typoSnapshot = snapshotOf(typo);
      const line = typoLines.indexOf('  - bookinfo-gw');
      const field = symbolAt(typoSnapshot, URI, { line, character: 6 })!;
      assert.deepEqual(definitionAt(field, typoSnapshot), []);
      assert.equal(hoverMarkdown(field, typoSnapshot), 'There is no Istio Gateway `bookinfo-gw` in the workspace.');
      // A label no installation gives (istio: X is an istio/gateway Helm release's, with its own stand-in).
      const custom = gatewayText.replace('istio: ingressgateway', 'gateway: internal');
      const customSnapshot = snapshotOf(custom);
      const name = custom.split('\n').indexOf('  name: bookinfo-gateway');
      assert.match(hoverMarkdown(symbolAt(customSnapshot, URI, { line: name, character: 10 })!, customSnapshot)!, /\*\*Envoy pods\*\*: none\. No pod of the workspace has these labels/);
      const chart = snapshotOf(gatewayText.replace('istio: ingressgateway', 'istio: internal'));
      assert.match(hoverMarkdown(symbolAt(chart, URI, { line: name, character: 10 })!, chart)!, /\*\*Envoy pods\*\* \(a stand-in for the istio\/gateway Helm release istio-internal, which the workspace does not define\)/);
    });
  });
});

