import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { checkCluster } from '../../../server/src/engine/diagnostics/checkCluster';
import { meshHost } from '../../../server/src/engine/mesh/hosts';
import { quickFixesFor, type TextEditProposal } from '../../../server/src/features/quickFixes';
import { applyEdits } from '../../support/textEdits';
import { podMesh } from '../../../server/src/engine/mesh/injection';
import { snapshotOf } from '../../support/engineFixtures';
import { PROJECT_ROOT, SHARED } from '../../support/fixtures';

/** The text edits of every quick fix of the mesh findings. */
function fixesFor(text: string): TextEditProposal[] {
  const lines = text.split('\n');
  return checkCluster(snapshotOf(text))
    .filter((problem) => problem.code.startsWith('KT5'))
    .flatMap((problem) => quickFixesFor(problem, [], lines));
}

/** Fixes applied one after another, each to the text as the one before left it (they touch different lines). */
function applyFixes(text: string, fixes: readonly TextEditProposal[]): string {
  return applyEdits(text, fixes.flatMap((fix) => fix.edits));
}

/** The mesh findings (KT5xx) for some manifests, as `CODE line: message`, lines 1-based. */
function meshFindings(text: string): string[] {
  return checkCluster(snapshotOf(text))
    .filter((problem) => problem.code.startsWith('KT5'))
    .map((problem) => `${problem.code} ${problem.range.start.line + 1}: ${problem.message}`);
}

const INJECTED = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {istio-injection: enabled}}\n';
const APP = (name: string, version: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}-${version}, namespace: shop}
spec:
  selector: {matchLabels: {app: ${name}, version: ${version}}}
  template:
    metadata: {labels: {app: ${name}, version: ${version}}${extra}}
    spec: {containers: [{name: app, image: x, ports: [{containerPort: 9080}]}]}
`;
const SERVICE = (name: string, port = '{name: http, port: 9080}') => `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: shop}\nspec: {selector: {app: ${name}}, ports: [${port}]}\n`;
const RULE = (host: string, subsets: string) => `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: ${host}, namespace: shop}\nspec:\n  host: ${host}\n  subsets: [${subsets}]\n`;
const ROUTES = (spec: string) => `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: routes, namespace: shop}\nspec:\n${spec}\n`;
const BASE = [INJECTED, APP('reviews', 'v1'), APP('reviews', 'v2'), SERVICE('reviews'), RULE('reviews', '{name: v1, labels: {version: v1}}, {name: v2, labels: {version: v2}}')];

describe('mesh checks (KT5xx)', () => {
  test('KT501 a host or destination naming no Service, with the nearest name; other hosts are not judged', () => {
    const text = [...BASE, ROUTES('  hosts: [reviwes, reviews.shop.svc.cluster.local, httpbin.org, "*.example.com"]\n  http: [{route: [{destination: {host: reviews.shop, subset: v1}}, {destination: {host: ratings}}]}]')].join('---\n');
    assert.deepEqual(meshFindings(text).filter((line) => line.startsWith('KT501')).map((line) => line.replace(/^KT501 \d+: /, '')), [
      'The host reviwes names Service shop/reviwes, which is not in the workspace: the mesh has no route for it. Did you mean reviews?',
      'The destination ratings names Service shop/ratings, which is not in the workspace: the mesh has no route for it.',
    ]);
  });

  test('KT502 a gateway that is no Istio Gateway; `mesh` and an existing one are fine', () => {
    const gateway = 'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: public, namespace: shop}\nspec: {selector: {istio: ingressgateway}, servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]}\n';
    const text = [...BASE, gateway, ROUTES('  hosts: [shop.example.com]\n  gateways: [mesh, public, shop/public, pubilc, other/public]\n  http: [{route: [{destination: {host: reviews}}]}]')].join('---\n');
    assert.deepEqual(meshFindings(text).map((line) => line.replace(/^KT502 \d+: /, '')), [
      'There is no Istio Gateway shop/pubilc: the routes bound to it are not served. Did you mean public?',
      // Namespace other holds nothing of the workspace: a gateway the platform installs there, a note (as KT208).
      'Istio Gateway other/public is not in the workspace, nor anything of namespace other: if the platform installs it, the routes are served there.',
    ]);
  });

  test('KT503 a subset no DestinationRule of the host defines, with the nearest subset', () => {
    const text = [...BASE, ROUTES('  hosts: [reviews]\n  http: [{route: [{destination: {host: reviews, subset: v3}, weight: 50}, {destination: {host: reviews, subset: V2}, weight: 50}]}]')].join('---\n');
    assert.deepEqual(meshFindings(text).map((line) => line.replace(/^KT503 \d+: /, '')), [
      'Subset v3 of shop/reviews is not defined (its DestinationRules define v1, v2): Envoy answers 503 (no healthy upstream). Did you mean v1?',
      'Subset V2 of shop/reviews is not defined (its DestinationRules define v1, v2): Envoy answers 503 (no healthy upstream). Did you mean v2?',
    ]);
  });

  test('KT504 a subset whose labels select none of the Service\'s pods', () => {
    const text = [INJECTED, APP('reviews', 'v1'), SERVICE('reviews'), RULE('reviews', '{name: v1, labels: {version: v1}}, {name: v3, labels: {version: v3}}')].join('---\n');
    assert.deepEqual(meshFindings(text).map((line) => line.replace(/^KT504 \d+: /, '')), [
      'Subset v3 selects no pod: none of the 1 pod(s) of Service shop/reviews has version: v3 (they have v1). Requests routed to it get 503.',
    ]);
  });

  test('KT505 weights that do not add up to 100, with the weight that would', () => {
    const text = [...BASE, ROUTES('  hosts: [reviews]\n  http:\n  - route: [{destination: {host: reviews, subset: v1}, weight: 50}, {destination: {host: reviews, subset: v2}, weight: 40}]\n  - route: [{destination: {host: reviews, subset: v1}, weight: 90}]\n  - route: [{destination: {host: reviews, subset: v1}, weight: 10}, {destination: {host: reviews, subset: v2}, weight: 90}]')].join('---\n');
    assert.deepEqual(meshFindings(text).filter((line) => line.startsWith('KT505')).map((line) => line.replace(/^KT505 \d+: /, '')), [
      'The weights of this route add up to 90, not 100: Istio rejects the VirtualService. Did you mean 50?',
      'The only destination has weight 90; the weights of a route must add up to 100. Did you mean 100?',
    ]);
  });

  test('KT506 a route an earlier one shadows: after a catch-all, or under a shorter prefix; a narrower earlier match shadows nothing', () => {
    const text = [
      ...BASE,
      ROUTES(
        '  hosts: [reviews]\n  http:\n  - match: [{uri: {prefix: /api}}]\n    route: [{destination: {host: reviews, subset: v1}}]\n  - match: [{uri: {prefix: /api/v2}}]\n    route: [{destination: {host: reviews, subset: v2}}]\n  - match: [{headers: {end-user: {exact: jason}}}]\n    route: [{destination: {host: reviews, subset: v2}}]\n  - name: rest\n    route: [{destination: {host: reviews, subset: v1}}]\n  - route: [{destination: {host: reviews, subset: v2}}]',
      ),
    ].join('---\n');
    assert.deepEqual(meshFindings(text).map((line) => line.replace(/^KT506 /, '')), [
      '43: This route is never used: route 1 before it already takes every request it matches.',
      '49: This route is never used: route 4 (rest) before it already takes every request it matches.',
    ]);
  });

  test('KT507 STRICT mTLS with a client outside the mesh naming a Service it protects', () => {
    const client = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: legacy, namespace: batch}\nspec:\n  selector: {matchLabels: {app: legacy}}\n  template:\n    metadata: {labels: {app: legacy}}\n    spec: {containers: [{name: c, image: x, env: [{name: URL, value: "http://reviews.shop:9080/"}]}]}\n';
    const strict = 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: shop}\nspec: {mtls: {mode: STRICT}}\n';
    const findings = meshFindings([...BASE, client, strict].join('---\n'));
    assert.deepEqual(findings.map((line) => line.replace(/^KT507 \d+: /, '')), [
      'STRICT mTLS rejects plaintext, and 1 workload(s) outside the mesh name Services it protects: Deployment batch/legacy (to shop/reviews). Their connections are reset; use PERMISSIVE until they join the mesh.',
    ]);
    const text = [...BASE, client, strict].join('---\n');
    const [problem] = checkCluster(snapshotOf(text)).filter((candidate) => candidate.code === 'KT507');
    assert.deepEqual(quickFixesFor(problem!, [], text.split('\n')).map((fix) => [fix.title, fix.edits.map((edit) => edit.newText)]), [['Set the mode to PERMISSIVE until these clients join the mesh', ['PERMISSIVE']]]);
    const permissiveWorkload = 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: reviews, namespace: shop}\nspec: {selector: {matchLabels: {app: reviews}}, mtls: {mode: PERMISSIVE}}\n';
    assert.deepEqual(meshFindings([...BASE, client, strict, permissiveWorkload].join('---\n')), [], 'a workload-level PERMISSIVE policy decides for its pods');
  });

  test('KT508 a port of meshed pods whose protocol Istio cannot read from its name or appProtocol', () => {
    const text = [INJECTED, APP('web', 'v1'), SERVICE('web', '{name: web, port: 80}, {name: http-web, port: 81}, {name: x, port: 82, appProtocol: grpc}, {port: 83}')].join('---\n');
    assert.deepEqual(meshFindings(text).map((line) => line.replace(/^KT508 \d+: /, '').replace(/: it sniffs.*/, '')), ['Istio cannot tell this port\'s protocol from its name "web"', "Istio cannot tell this port's protocol from its missing name"]);
    const outside = [APP('web', 'v1'), SERVICE('web', '{name: web, port: 80}')].join('---\n');
    assert.deepEqual(meshFindings(outside), [], 'pods outside the mesh are not judged');
  });

  test('KT509 a host of a gateway-bound VirtualService that no server of its Gateways admits', () => {
    const gateway = (hosts: string) => `apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: public, namespace: shop}\nspec: {selector: {istio: ingressgateway}, servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: [${hosts}]}]}\n`;
    const routes = (hosts: string) => ROUTES(`  hosts: [${hosts}]\n  gateways: [public]\n  http: [{route: [{destination: {host: reviews}}]}]`);
    const findings = (gatewayHosts: string, hosts: string) => meshFindings([...BASE, gateway(gatewayHosts), routes(hosts)].join('---\n')).map((line) => line.replace(/^KT509 \d+: /, ''));
    assert.deepEqual(findings('"shop.example.com"', 'shop.example.com, api.example.com'), ['No server of Gateway shop/public admits host api.example.com (they take shop.example.com): the gateway does not route it by this VirtualService.']);
    assert.deepEqual(findings('"shop.example.com"', '"*"'), [], 'a VirtualService for every host takes the server\'s');
    assert.deepEqual(findings('"*.example.com"', 'shop.example.com'), []);
    assert.deepEqual(findings('"other/*"', 'shop.example.com'), ['No server of Gateway shop/public admits host shop.example.com (they take other/*): the gateway does not route it by this VirtualService.'], 'the server admits VirtualServices of namespace other only');
    assert.deepEqual(findings('"./*"', 'shop.example.com'), [], '. is the Gateway\'s own namespace');
  });

  test('KT510 a server port no Service in front of the gateway offers or sends to (the stand-in\'s: 80→8080, 443→8443)', () => {
    const gateway = (port: number) => `apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: public, namespace: shop}\nspec: {selector: {istio: ingressgateway}, servers: [{port: {number: ${port}, name: http, protocol: HTTP}, hosts: ["*"]}]}\n`;
    const text = (port: number) => [...BASE, gateway(port)].join('---\n');
    assert.deepEqual(meshFindings(text(8004)).map((line) => line.replace(/^KT510 \d+: /, '')), [
      "No Service in front of the gateway's pods offers port 8004 or sends to it (istio-system/istio-ingressgateway (the stand-in): 15021, 80→8080, 443→8443): the gateway listens there, but no client reaches the server.",
    ]);
    for (const port of [80, 8080, 443, 8443]) assert.deepEqual(meshFindings(text(port)), [], `port ${port}`);
    assert.deepEqual(fixesFor(text(8004)).map((fix) => [fix.title, fix.preferred]), [["Use the Service's port 80", false], ["Use the Service's port 443", false]]);
    assert.deepEqual(meshFindings(applyFixes(text(8004), fixesFor(text(8004)).slice(0, 1))), []);
    assert.deepEqual(meshFindings(text(8004).replace('istio: ingressgateway', 'gateway: internal')), [], 'no pods to judge by (no installation gives the label): the hover says so, the check does not guess');
  });

  test('KT511 a DestinationRule tls mode the pods cannot take: not ISTIO_MUTUAL under STRICT, ISTIO_MUTUAL without sidecars', () => {
    const tls = (mode: string) => `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: reviews-tls, namespace: shop}\nspec: {host: reviews, trafficPolicy: {tls: {mode: ${mode}}}}\n`;
    const strict = 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: shop}\nspec: {mtls: {mode: STRICT}}\n';
    assert.deepEqual(meshFindings([...BASE, tls('DISABLE'), strict].join('---\n')).map((line) => line.replace(/^KT511 \d+: /, '')), [
      "tls mode DISABLE sends plaintext to shop/reviews, whose pods require STRICT mTLS (PeerAuthentication shop/default): every meshed client's connection is reset.",
    ]);
    const fixes = fixesFor([...BASE, tls('SIMPLE'), strict].join('---\n'));
    assert.deepEqual(fixes.map((fix) => [fix.title, fix.preferred]), [['Use ISTIO_MUTUAL, the mTLS the pods require', true]]);
    assert.deepEqual(meshFindings(applyFixes([...BASE, tls('SIMPLE'), strict].join('---\n'), fixes)), []);
    assert.deepEqual(meshFindings([...BASE, tls('DISABLE')].join('---\n')), [], 'PERMISSIVE takes plaintext');
    const bare = [APP('reviews', 'v1').replace('metadata: {name: reviews-v1, namespace: shop}', 'metadata: {name: reviews-v1, namespace: plain}').replace('namespace: shop', 'namespace: plain'), SERVICE('reviews').replace('namespace: shop', 'namespace: plain'), tls('ISTIO_MUTUAL').replace('namespace: shop', 'namespace: plain')].join('---\n');
    assert.deepEqual(meshFindings(bare).map((line) => line.replace(/^KT511 \d+: /, '')), ['tls mode ISTIO_MUTUAL, but the pods of plain/reviews have no sidecar to answer it: every connection fails and clients get 503 (UF).']);
  });

  test('KT512 a destination host no Service and no ServiceEntry has; a ServiceEntry (exact or wildcard) declares it', () => {
    const routes = ROUTES('  hosts: [reviews]\n  http: [{route: [{destination: {host: api.example.com}}]}, {route: [{destination: {host: httpbin.org}}]}]');
    const entry = 'apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: external, namespace: shop}\nspec: {hosts: ["*.example.com"], ports: [{number: 443, name: tls, protocol: TLS}], resolution: DNS}\n';
    assert.deepEqual(meshFindings([...BASE, routes, entry].join('---\n')).filter((line) => line.startsWith('KT512')).map((line) => line.replace(/^KT512 \d+: /, '')), [
      'No Service of the workspace and no ServiceEntry has host httpbin.org: Envoy has no cluster for it, and requests routed there get 503 (NC). Declare it with a ServiceEntry.',
    ]);
    const internal = 'apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: legacy-db, namespace: shop}\nspec: {hosts: [legacy-db.shop.svc.cluster.local], location: MESH_INTERNAL, resolution: STATIC}\n';
    const named = ROUTES('  hosts: [reviews]\n  http: [{route: [{destination: {host: legacy-db.shop.svc.cluster.local}}]}]');
    assert.deepEqual(meshFindings([...BASE, named].join('---\n')).map((line) => line.replace(/ \d+:.*/, '')), ['KT501'], 'a cluster name no Service has');
    assert.deepEqual(meshFindings([...BASE, named, internal].join('---\n')), [], 'a ServiceEntry may declare it');
  });

  test('KT513 a Linkerd inbound policy refusing the workloads that call its pods: unmeshed ones, or every one for deny', () => {
    const emojivoto = fs.readFileSync(path.join(PROJECT_ROOT, 'test', 'fixtures', 'linkerd', 'emojivoto.yaml'), 'utf8');
    const legacy = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: legacy, namespace: batch}\nspec:\n  selector: {matchLabels: {app: legacy}}\n  template:\n    metadata: {labels: {app: legacy}}\n    spec: {containers: [{name: c, image: x, env: [{name: VOTING, value: "voting-svc.emojivoto:8080"}]}]}\n';
    const codes = (text: string) => checkCluster(snapshotOf(text)).filter((problem) => problem.code === 'KT513');
    assert.deepEqual(codes(emojivoto), [], 'only meshed web calls voting');
    const [refused] = codes([emojivoto, legacy].join('---\n'));
    assert.equal(refused?.message, 'all-authenticated refuses clients without a Linkerd identity, and 1 workload(s) name Services in front of these pods: Deployment batch/legacy (to emojivoto/voting-svc). Their connections are refused.');
    const text = [emojivoto, legacy].join('---\n');
    assert.equal(text.split('\n')[refused!.range.start.line]!.trim(), 'config.linkerd.io/default-inbound-policy: all-authenticated');
    const denied = codes(emojivoto.replace('linkerd.io/inject: enabled', 'linkerd.io/inject: enabled\n    config.linkerd.io/default-inbound-policy: deny'));
    assert.deepEqual(denied.map((problem) => problem.message.replace(/, and .*/, '')), ['deny refuses every connection, meshed or not (until a Server and an AuthorizationPolicy admit them)']);
    assert.match(denied[0]!.message, /Deployment emojivoto\/vote-bot \(to emojivoto\/web-svc\)/);
    assert.deepEqual(quickFixesFor(refused!, [], text.split('\n')).map((fix) => [fix.title, fix.edits.map((edit) => edit.newText)]), [['Use all-unauthenticated, which admits them', ['all-unauthenticated']]]);
  });

  test('quick fixes take the suggestion for a host, a subset or a weight, and change the text to what then checks clean', () => {
    const text = [...BASE, ROUTES('  hosts: [reviwes]\n  http:\n  - route: [{destination: {host: reviews, subset: "V1"}, weight: 70}, {destination: {host: reviews.shop, subset: v2}, weight: 20}]\n  - route: [{destination: {host: reviwes.shop}}]')].join('---\n');
    const fixes = fixesFor(text);
    assert.deepEqual(fixes.map((fix) => fix.title), ['Change reviwes to reviews', 'Change V1 to v1', 'Change 20 to 30', 'Change reviwes.shop to reviews.shop']);
    assert.deepEqual(meshFindings(applyFixes(text, fixes)).map((line) => line.replace(/ \d+:.*/, '')), ['KT506'], 'only the second route is left, which the first shadows; the quotes of "V1" are kept');
    assert.match(applyFixes(text, fixes), /subset: "v1"/);
  });

  test('KT504 fix: each label value of the Service\'s pods that would select some, the closest preferred', () => {
    const text = [INJECTED, APP('reviews', 'v1'), APP('reviews', 'v2'), APP('reviews', 'v3'), SERVICE('reviews'), RULE('reviews', '{name: v3, labels: {version: V3, app: reviews}}')].join('---\n');
    const fixes = fixesFor(text);
    assert.deepEqual(fixes.map((fix) => [fix.title, fix.preferred]), [['Select the pods with version: v3', true], ['Select the pods with version: v1', false], ['Select the pods with version: v2', false]]);
    const tie = text.replace('version: V3', 'version: v4');
    assert.deepEqual(fixesFor(tie).map((fix) => [fix.title, fix.preferred]), [['Select the pods with version: v1', false], ['Select the pods with version: v2', false], ['Select the pods with version: v3', false]], 'v4 is as far from each: none is preferred');
    assert.deepEqual(meshFindings(applyFixes(text, fixes.slice(0, 1))), [], 'the subset now selects the v3 pods');
    const twoWrong = [INJECTED, APP('reviews', 'v1'), SERVICE('reviews'), RULE('reviews', '{name: v3, labels: {version: v4, tier: gold}}')].join('---\n');
    assert.deepEqual(fixesFor(twoWrong), [], 'two labels match no pod: which to change is the user\'s to say');
    const ahead = [INJECTED, APP('reviews', 'v1'), SERVICE('reviews'), RULE('reviews', '{name: v1, labels: {version: v1}}, {name: v2, labels: {version: v2}}')].join('---\n');
    assert.equal(meshFindings(ahead).length, 1);
    assert.deepEqual(fixesFor(ahead), [], 'a subset defined ahead of its version is not made a copy of v1');
    const quoted = [INJECTED, APP('reviews', '"1.0"'), SERVICE('reviews'), RULE('reviews', '{name: v2, labels: {version: v2}}')].join('---\n');
    assert.match(applyFixes(quoted, fixesFor(quoted)), /labels: \{version: "1\.0"\}/, 'a value YAML would read as a number is quoted');
  });

  test('KT506 fix: the shadowed route moves before the route that takes its requests, and then both are used', () => {
    const text = [...BASE, ROUTES('  hosts: [reviews]\n  http:\n  - name: rest\n    route: [{destination: {host: reviews, subset: v1}}]\n  # header routing\n  - match: [{headers: {end-user: {exact: jason}}}]\n    route:\n    - destination: {host: reviews, subset: v2}')].join('---\n');
    const fixes = fixesFor(text);
    assert.deepEqual(fixes.map((fix) => fix.title), ['Move this route before route 1, so it is tried first']);
    const fixed = applyFixes(text, fixes);
    assert.deepEqual(meshFindings(fixed), []);
    assert.ok(fixed.endsWith('  http:\n  # header routing\n  - match: [{headers: {end-user: {exact: jason}}}]\n    route:\n    - destination: {host: reviews, subset: v2}\n  - name: rest\n    route: [{destination: {host: reviews, subset: v1}}]\n'), fixed);
    const flow = [...BASE, ROUTES('  hosts: [reviews]\n  http: [{route: [{destination: {host: reviews}}]}, {match: [{uri: {prefix: /a}}], route: [{destination: {host: reviews}}]}]')].join('---\n');
    assert.equal(meshFindings(flow).length, 1);
    assert.deepEqual(fixesFor(flow), [], 'a flow list is not rewritten');
  });

  test('KT508 fix: declare the protocol with appProtocol, in a block or a flow mapping, or change an unknown appProtocol', () => {
    const block = [INJECTED, APP('web', 'v1'), 'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {app: web}\n  ports:\n    - name: web\n      port: 80\n    - {name: db, port: 81}\n    - name: x\n      appProtocol: smtp\n      port: 82\n'].join('---\n');
    const fixes = fixesFor(block);
    assert.deepEqual(fixes.map((fix) => fix.title), [...['http', 'grpc', 'tcp'].map((protocol) => `Declare the protocol: appProtocol: ${protocol}`), ...['http', 'grpc', 'tcp'].map((protocol) => `Declare the protocol: appProtocol: ${protocol}`), ...['http', 'grpc', 'tcp'].map((protocol) => `Set appProtocol to ${protocol}`)]);
    assert.ok(fixes.every((fix) => !fix.preferred), 'which protocol a port speaks is the user\'s to say');
    const fixed = applyFixes(block, [fixes[0]!, fixes[5]!, fixes[8]!]);
    assert.ok(fixed.includes('    - name: web\n      port: 80\n      appProtocol: http\n    - {name: db, port: 81, appProtocol: tcp}\n    - name: x\n      appProtocol: tcp\n'), fixed);
    assert.deepEqual(meshFindings(fixed), []);
  });

  test('sidecar injection: the namespace label, the pod label or annotation, Linkerd\'s annotation', () => {
    const snapshot = snapshotOf(
      [
        INJECTED,
        APP('a', 'v1'),
        APP('b', 'v1', ', annotations: {sidecar.istio.io/inject: "false"}'),
        'apiVersion: v1\nkind: Namespace\nmetadata: {name: other, annotations: {linkerd.io/inject: enabled}}\n',
        APP('c', 'v1').replace(/namespace: shop/g, 'namespace: other'),
        APP('d', 'v1', ', annotations: {linkerd.io/inject: disabled}').replace(/namespace: shop/g, 'namespace: other'),
        APP('e', 'v1').replace(/namespace: shop/g, 'namespace: plain').replace('labels: {app: e, version: v1}}', 'labels: {app: e, version: v1, sidecar.istio.io/inject: "true"}}'),
      ].join('---\n'),
    );
    const meshes = Object.fromEntries(snapshot.pods.filter((pod) => !pod.namespace.startsWith('kube-')).map((pod) => [pod.workload.name, podMesh(snapshot, pod) ?? 'none']));
    assert.deepEqual(meshes, { 'a-v1': 'istio', 'b-v1': 'none', 'c-v1': 'linkerd', 'd-v1': 'none', 'e-v1': 'istio' });
  });

  test('host names as Istio reads them', () => {
    const snapshot = snapshotOf([INJECTED, SERVICE('reviews')].join('---\n'));
    const kinds = ['reviews', 'reviews.shop', 'reviews.shop.svc', 'reviews.shop.svc.cluster.local', 'reviews.nowhere', 'httpbin.org', '*', '*.example.com', 'www.example.com'].map((host) => {
      const resolved = meshHost(host, 'shop', snapshot);
      return resolved.kind === 'service' ? `${resolved.namespace}/${resolved.name}${resolved.service ? '' : ' (missing)'}` : resolved.kind;
    });
    assert.deepEqual(kinds, ['shop/reviews', 'shop/reviews', 'shop/reviews', 'shop/reviews', 'external', 'external', 'wildcard', 'wildcard', 'external']);
  });
});

describe('Istio\'s Bookinfo routing files (test/fixtures/bookinfo-istio) on the Bookinfo application', () => {
  const bookinfo = path.join(SHARED, 'corpus', 'bookinfo', 'platform-kube', 'bookinfo.yaml');
  const fixtures = path.join(PROJECT_ROOT, 'test', 'fixtures', 'bookinfo-istio');
  const read = (file: string) => fs.readFileSync(file, 'utf8');
  const base = () => [read(bookinfo), ...['namespace.yaml', 'destination-rule-all.yaml', 'bookinfo-gateway.yaml'].map((name) => read(path.join(fixtures, name)))];

  const scenarios = fs.readdirSync(fixtures).filter((name) => name.startsWith('virtual-service-'));
  assert.equal(scenarios.length, 5);
  for (const scenario of scenarios) {
    test(`${scenario}: every route is sound; only the subsets of versions Bookinfo does not deploy select no pod`, { skip: !fs.existsSync(bookinfo) && 'no ../shared/corpus' }, () => {
      const findings = meshFindings([...base(), read(path.join(fixtures, scenario))].join('\n---\n'));
      assert.deepEqual(
        findings.map((line) => line.replace(/^(KT\d+) \d+: Subset (\S+) selects no pod: none of the \d+ pod\(s\) of Service (\S+) .*/, '$1 $3 $2')),
        ['KT504 default/ratings v2', 'KT504 default/ratings v2-mysql', 'KT504 default/ratings v2-mysql-vm', 'KT504 default/details v2'],
      );
    });
  }
});
