import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { KubeObject, Service, Pod, Workload, NetworkPolicy, Secret, Ingress } from '../../../server/src/engine/objects';
import { parseManifest } from '../../../server/src/model/parseManifest';
import { CompactRange, KeyValueSpan, ValueSpan } from '../../../server/src/engine/source';
import { withMarkers } from '../../support/fixtures';

const URI = 'file:///work/app.yaml';

function only<T extends KubeObject>(text: string, type: T['type']): T {
  const parsed = parseManifest(URI, text);
  assert.deepEqual(parsed.problems, []);
  const objects = parsed.objects.filter((object) => object.type === type);
  assert.equal(objects.length, 1, `one ${type}`);
  return objects[0] as T;
}

const at = (line: number, character: number) => ({ line, character });

/** A value as it is written out (JSON, LSP): ranges as plain start and end positions. */
const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('source ranges', () => {
  test('keys and values of a Service keep their exact line and column', () => {
    const { text, at: marks } = withMarkers(
      [
        'apiVersion: v1',
        'kind: Service',
        'metadata:',
        '  «nameKey»name: «name»web«nameEnd»',
        '  namespace: shop',
        'spec:',
        '  «selectorKey»selector:',
        '    «appKey»app: «app»web«appEnd»',
        '  ports:',
        '    - name: http',
        '      «portKey»port: «port»80«portEnd»',
        '      targetPort: «target»http-alt«targetEnd»',
      ].join('\n'),
    );
    const service = only<Service>(text, 'Service');
    assert.deepEqual(plain(service.metadata.name.span), {
      key: { start: marks['nameKey'], end: at(3, 6) },
      value: { start: marks['name'], end: marks['nameEnd'] },
    });
    assert.deepEqual(service.id, { group: '', kind: 'Service', namespace: 'shop', name: 'web' });
    assert.equal(service.spec?.selector?.span.key?.start.line, marks['selectorKey']!.line);
    assert.deepEqual(plain(service.spec?.selector?.entries['app']), {
      key: { start: marks['appKey'], end: at(7, 7) },
      value: { start: marks['app'], end: marks['appEnd'] },
    });
    const port = service.spec?.ports?.value[0];
    assert.equal(port?.port?.value, 80);
    assert.deepEqual(plain(port?.port?.span), {
      key: { start: marks['portKey'], end: at(10, 10) },
      value: { start: marks['port'], end: marks['portEnd'] },
    });
    assert.deepEqual(plain(port?.targetPort), {
      value: 'http-alt',
      span: { key: { start: at(11, 6), end: at(11, 16) }, value: { start: marks['target'], end: marks['targetEnd'] } },
    });
    assert.deepEqual(port?.span.value.start, at(9, 6), 'a list item starts at its first key');
    assert.deepEqual(service.range.start, at(0, 0));
  });

  test('ranges in the second document of a file count lines from the top of the file', () => {
    const text = ['kind: Namespace', 'apiVersion: v1', 'metadata: {name: a}', '---', 'apiVersion: v1', 'kind: Namespace', 'metadata:', '  name: b'].join('\n');
    const parsed = parseManifest(URI, text);
    assert.deepEqual(
      plain(parsed.objects.map((object) => [object.id.name, object.metadata.name.span.value])),
      [
        ['a', { start: at(2, 17), end: at(2, 18) }],
        ['b', { start: at(7, 8), end: at(7, 9) }],
      ],
    );
  });

  test('CRLF line ends and a byte order mark do not shift positions', () => {
    const text = '\uFEFFapiVersion: v1\r\nkind: Namespace\r\nmetadata:\r\n  name: crlf\r\n';
    const [namespace] = parseManifest(URI, text).objects;
    assert.deepEqual(plain(namespace?.metadata.name.span.value), { start: at(3, 8), end: at(3, 12) });
  });

  test('flow style mappings and quoted values are located too', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: "p", labels: {app: "x"}}\nspec:\n  containers: [{name: c, ports: [{containerPort: 8080}]}]\n';
    const pod = only<Pod>(text, 'Pod');
    assert.deepEqual(plain(pod.metadata.labels?.entries['app']?.value), { start: at(2, 36), end: at(2, 39) });
    const port = pod.spec?.containers?.value[0]?.ports?.value[0]?.containerPort;
    assert.deepEqual(plain(port), { value: 8080, span: { key: { start: at(4, 34), end: at(4, 47) }, value: { start: at(4, 49), end: at(4, 53) } } });
  });
});

describe('kinds and identity', () => {
  test('objects without a namespace are in default; cluster-scoped kinds have none', () => {
    const text = [
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: web, image: nginx}]}',
      'apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata: {name: nginx}\nspec: {controller: k8s.io/ingress-nginx}',
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}',
    ].join('\n---\n');
    const objects = parseManifest(URI, text).objects;
    assert.deepEqual(
      objects.map((object) => [object.type, object.id.group, object.id.namespace]),
      [
        ['Deployment', 'apps', 'default'],
        ['IngressClass', 'networking.k8s.io', undefined],
        ['Namespace', '', undefined],
      ],
    );
    const deployment = objects[0] as Workload;
    assert.deepEqual(deployment.spec?.selector?.matchLabels?.value, { app: 'web' });
    assert.equal(deployment.spec?.template?.spec?.containers?.value[0]?.image?.value, 'nginx');
  });

  test("Istio's Gateway is not Gateway API's: each is read as its own kind", () => {
    const text = [
      'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: gw, namespace: istio}\nspec: {selector: {istio: ingressgateway}}',
      'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: gw, namespace: istio}\nspec: {gatewayClassName: istio, listeners: [{name: http, port: 80, protocol: HTTP}]}',
      'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}',
    ].join('\n---\n');
    const objects = parseManifest(URI, text).objects;
    assert.deepEqual(
      objects.map((object) => [object.type, object.id.group, object.id.kind]),
      [
        ['MeshGateway', 'networking.istio.io', 'Gateway'],
        ['Gateway', 'gateway.networking.k8s.io', 'Gateway'],
        ['Other', 'example.com', 'Widget'],
      ],
    );
  });

  test('kind: List and typed lists give their items, typed list items inherit kind and apiVersion', () => {
    const text = [
      'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: one, namespace: a}\n  - apiVersion: v1\n    kind: Service\n    metadata: {name: two, namespace: a}',
      'apiVersion: v1\nkind: PodList\nitems:\n  - metadata: {name: p1}\n  - metadata: {name: p2, namespace: b}',
      'apiVersion: v1\nkind: NamespaceList\nitems: []',
    ].join('\n---\n');
    const objects = parseManifest(URI, text).objects;
    assert.deepEqual(
      objects.map((object) => `${object.type} ${object.id.namespace}/${object.id.name}`),
      ['ConfigMap a/one', 'Service a/two', 'Pod default/p1', 'Pod b/p2'],
    );
    assert.deepEqual(objects[2]?.range.start, at(13, 4));
  });

  test('every kind of the model is read into its type', () => {
    const kinds: [string, string, KubeObject['type']][] = [
      ['v1', 'Namespace', 'Namespace'],
      ['v1', 'Node', 'Node'],
      ['v1', 'Pod', 'Pod'],
      ['apps/v1', 'Deployment', 'Deployment'],
      ['apps/v1', 'ReplicaSet', 'ReplicaSet'],
      ['apps/v1', 'StatefulSet', 'StatefulSet'],
      ['apps/v1', 'DaemonSet', 'DaemonSet'],
      ['batch/v1', 'Job', 'Job'],
      ['batch/v1', 'CronJob', 'CronJob'],
      ['v1', 'ReplicationController', 'ReplicationController'],
      ['v1', 'Service', 'Service'],
      ['v1', 'Endpoints', 'Endpoints'],
      ['discovery.k8s.io/v1', 'EndpointSlice', 'EndpointSlice'],
      ['networking.k8s.io/v1', 'Ingress', 'Ingress'],
      ['networking.k8s.io/v1', 'IngressClass', 'IngressClass'],
      ['networking.k8s.io/v1', 'NetworkPolicy', 'NetworkPolicy'],
      ['policy.networking.k8s.io/v1alpha1', 'AdminNetworkPolicy', 'AdminNetworkPolicy'],
      ['policy.networking.k8s.io/v1alpha1', 'BaselineAdminNetworkPolicy', 'BaselineAdminNetworkPolicy'],
      ['gateway.networking.k8s.io/v1', 'GatewayClass', 'GatewayClass'],
      ['gateway.networking.k8s.io/v1', 'Gateway', 'Gateway'],
      ['gateway.networking.k8s.io/v1', 'HTTPRoute', 'HTTPRoute'],
      ['gateway.networking.k8s.io/v1beta1', 'ReferenceGrant', 'ReferenceGrant'],
      ['v1', 'ConfigMap', 'ConfigMap'],
      ['v1', 'Secret', 'Secret'],
    ];
    const text = kinds.map(([apiVersion, kind]) => `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: x}`).join('\n---\n');
    const parsed = parseManifest(URI, text);
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(
      parsed.objects.map((object) => object.type),
      kinds.map(([, , type]) => type),
    );
  });

  test('NetworkPolicy peers, ports and selectors are read with their structure', () => {
    const text = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api, namespace: shop}
spec:
  podSelector:
    matchExpressions:
      - {key: tier, operator: In, values: [api, worker]}
  ingress:
    - from:
        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: web}}
          podSelector: {matchLabels: {app: web}}
        - ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}
      ports:
        - {protocol: TCP, port: http}
        - {port: 8000, endPort: 8080}
`;
    const policy = only<NetworkPolicy>(text, 'NetworkPolicy');
    const rule = policy.spec?.ingress?.value[0];
    assert.deepEqual(policy.spec?.podSelector?.matchExpressions?.value[0]?.values?.value.map((value) => value.value), ['api', 'worker']);
    assert.deepEqual(rule?.from?.value[0]?.namespaceSelector?.matchLabels?.value, { 'kubernetes.io/metadata.name': 'web' });
    assert.equal(rule?.from?.value[1]?.ipBlock?.except?.value[0]?.value, '10.1.0.0/16');
    assert.deepEqual(rule?.ports?.value.map((port) => [port.port?.value, port.endPort?.value]), [['http', undefined], [8000, 8080]]);
  });

  test("a Secret's values are never kept, only the names of its keys", () => {
    const text = 'apiVersion: v1\nkind: Secret\nmetadata: {name: tls, namespace: web}\ntype: kubernetes.io/tls\ndata:\n  tls.crt: U1VQRVJTRUNSRVQ=\nstringData:\n  password: hunter2-very-secret\n';
    const parsed = parseManifest(URI, text);
    const secret = parsed.objects[0] as Secret;
    assert.equal(secret.type, 'Secret');
    assert.equal(secret.secretType?.value, 'kubernetes.io/tls');
    assert.deepEqual(secret.dataKeys, ['password', 'tls.crt']);
    const serialized = JSON.stringify(parsed);
    assert.ok(!serialized.includes('U1VQRVJTRUNSRVQ='), 'data value retained');
    assert.ok(!serialized.includes('hunter2'), 'stringData value retained');
  });

  test('a parsed file is data and compact ranges, no YAML node: nothing of the document outlives the parse', () => {
    const text = 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web}\nspec:\n  rules:\n    - host: shop.example.com\n      http:\n        paths:\n          - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}\n';
    const parsed = parseManifest(URI, text);
    const kinds = new Set<unknown>();
    const visit = (value: unknown): void => {
      if (typeof value !== 'object' || value === null) return;
      kinds.add(Object.getPrototypeOf(value));
      Object.values(value).forEach(visit);
    };
    visit(parsed);
    assert.deepEqual(kinds, new Set([Object.prototype, Array.prototype, CompactRange.prototype, KeyValueSpan.prototype, ValueSpan.prototype]));
    const ingress = parsed.objects[0] as Ingress;
    assert.equal(ingress.spec?.rules?.value[0]?.http?.paths?.value[0]?.backend?.service?.port?.number?.value, 80);
  });
});

describe('bad input gives located problems and no exceptions', () => {
  test('a syntax error is located and the other documents of the file still count', () => {
    const text = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: good}\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: [broken\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: also-good}\n';
    const parsed = parseManifest(URI, text);
    assert.deepEqual(parsed.objects.map((object) => object.id.name), ['good', 'also-good']);
    assert.ok(parsed.problems.length >= 1);
    assert.ok(parsed.problems.every((problem) => problem.code === 'KT001' && problem.severity === 'error'));
    const first = parsed.problems[0]!;
    assert.ok(first.range.start.line >= 7 && first.range.start.line <= 8, `error on line ${first.range.start.line}`);
    assert.match(first.message, /^YAML syntax error: /);
  });

  test('a tab used for indentation is a located syntax error', () => {
    const text = 'apiVersion: v1\nkind: Namespace\nmetadata:\n\tname: tabbed\n';
    const parsed = parseManifest(URI, text);
    assert.equal(parsed.objects.length, 0);
    assert.equal(parsed.problems[0]?.code, 'KT001');
    assert.equal(parsed.problems[0]?.range.start.line, 3);
  });

  test('a duplicate key is a located syntax error', () => {
    const text = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n  name: b\n';
    const problems = parseManifest(URI, text).problems;
    assert.equal(problems[0]?.code, 'KT001');
    assert.equal(problems[0]?.range.start.line, 4);
  });

  test('fields of the wrong type are located problems naming the field', () => {
    const text = [
      'apiVersion: v1',
      'kind: Service',
      'metadata: {name: web}',
      'spec:',
      '  selector: [app, web]',
      '  ports:',
      '    - port: {number: 80}',
      '      targetPort: 8080',
      '    - port: "443"',
      '      nodePort: 3.5',
    ].join('\n');
    const parsed = parseManifest(URI, text);
    assert.deepEqual(
      parsed.problems.map((problem) => [problem.code, problem.range.start.line, problem.range.start.character, problem.message]),
      [
        ['KT002', 4, 12, 'spec.selector must be a mapping of strings, not a list.'],
        ['KT002', 6, 12, 'spec.ports[0].port must be an integer, not a mapping.'],
        ['KT002', 8, 12, 'spec.ports[1].port must be an integer, not a string ("443").'],
        ['KT002', 9, 16, 'spec.ports[1].nodePort must be an integer, not a number (3.5).'],
      ],
    );
    const service = parsed.objects[0] as Service;
    assert.equal(service.spec?.selector, undefined);
    assert.equal(service.spec?.ports?.value[0]?.targetPort?.value, 8080, 'the rest of the object is kept');
  });

  test('an object without metadata.name is reported at its metadata', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  namespace: web\nspec: {}\n';
    const parsed = parseManifest(URI, text);
    assert.equal(parsed.objects.length, 0);
    assert.deepEqual(parsed.problems.map((problem) => [problem.code, problem.range.start.line]), [['KT003', 2]]);
  });

  test('half-typed fields (a key with no value yet) are simply absent', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n  ports:\n    - port:\n';
    const parsed = parseManifest(URI, text);
    assert.deepEqual(parsed.problems, []);
    assert.equal((parsed.objects[0] as Service).spec?.ports?.value[0]?.port, undefined);
  });

  test('Helm chart templates are skipped without a word', () => {
    const template = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ include "app.fullname" . }}\n  labels:\n    {{- include "app.labels" . | nindent 4 }}\nspec:\n  type: {{ .Values.service.type }}\n';
    assert.deepEqual(parseManifest('file:///chart/templates/service.yaml', template), {
      uri: 'file:///chart/templates/service.yaml',
      objects: [],
      problems: [],
      skipped: 'helm-template',
    });
    const conditional = '{{- if .Values.enabled }}\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n{{- end }}\n';
    assert.equal(parseManifest(URI, conditional).skipped, 'helm-template');
  });

  test('template braces inside a quoted string are ordinary data', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: alerts}\ndata:\n  rule: "value is {{ $value }}"\n';
    const parsed = parseManifest(URI, text);
    assert.equal(parsed.skipped, undefined);
    assert.equal(parsed.objects.length, 1);
  });

  test('YAML that is not Kubernetes is ignored silently, even when broken', () => {
    assert.deepEqual(parseManifest(URI, 'name: CI\non:\n  push:\njobs:\n  build: {runs-on: ubuntu}\n'), { uri: URI, objects: [], problems: [] });
    assert.deepEqual(parseManifest('file:///w/package.json', '{\n  // comment\n  "name": "x",\n}\n').problems, []);
    assert.deepEqual(parseManifest(URI, 'just: [a, broken\n').problems, []);
    assert.deepEqual(parseManifest(URI, '- a\n- b\n').objects, []);
    assert.deepEqual(parseManifest(URI, 'plain scalar').objects, []);
  });

  test('Kubernetes JSON is read like YAML', () => {
    const text = '{\n  "apiVersion": "v1",\n  "kind": "Namespace",\n  "metadata": {"name": "from-json"}\n}\n';
    const parsed = parseManifest('file:///w/ns.json', text);
    assert.deepEqual(parsed.objects.map((object) => object.id.name), ['from-json']);
    assert.deepEqual(plain(parsed.objects[0]?.metadata.name.span.value), { start: at(3, 23), end: at(3, 34) });
  });

  test('empty files and empty documents give nothing', () => {
    for (const text of ['', '\n', '---\n', '---\n---\n', '# only a comment\n', '---\n...\n']) {
      assert.deepEqual(parseManifest(URI, text), { uri: URI, objects: [], problems: [] }, JSON.stringify(text));
    }
  });

  test('a huge scalar is read without trouble', () => {
    const big = 'x'.repeat(2_000_000);
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\n  annotations:\n    blob: ${big}\n`;
    const parsed = parseManifest(URI, text);
    assert.equal(parsed.objects.length, 1);
    assert.equal(parsed.objects[0]?.metadata.annotations?.value['blob']?.length, big.length);
  });

  test('aliases are followed, a dangling alias is an error, not a crash', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata: {name: web, labels: &labels {app: web}}\nspec:\n  selector: *labels\n';
    const service = parseManifest(URI, text).objects[0] as Service;
    assert.deepEqual(service.spec?.selector?.value, { app: 'web' });
    const dangling = parseManifest(URI, 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: *nothing\n');
    assert.deepEqual(
      dangling.problems.map((problem) => [problem.code, problem.range.start.line, problem.range.start.character, problem.message]),
      [['KT001', 4, 12, 'YAML syntax error: the alias *nothing refers to no anchor before it.']],
    );
  });

  test('a billion-laughs alias bomb is read quickly without expanding it', () => {
    const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: lol', 'data:', '  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let level = 1; level < 10; level++) {
      lines.push(`  a${level}: &a${level} [${Array.from({ length: 10 }, () => `*a${level - 1}`).join(', ')}]`);
    }
    lines.push('  bomb: *a9');
    const parsed = parseManifest(URI, lines.join('\n'));
    assert.equal(parsed.objects.length, 1);
  });

  test('numbers, booleans and nulls follow YAML 1.1 as Kubernetes reads it', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: {enabled: yes}\nspec:\n  hostNetwork: true\n';
    const parsed = parseManifest(URI, text);
    assert.deepEqual(parsed.problems.map((problem) => problem.message), ['metadata.labels.enabled must be a string, not a boolean (true).']);
    assert.equal((parsed.objects[0] as Pod).spec?.hostNetwork?.value, true);
  });
});
