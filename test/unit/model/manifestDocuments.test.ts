import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ManifestDocuments } from '../../../server/src/model/manifestDocuments';
import { parseManifest } from '../../../server/src/model/parseManifest';
import { pick, seededRandom } from '../../support/random';

const URI = 'file:///work/all-in-one.yaml';

/** Applications one after another, each a Deployment, a Service and a NetworkPolicy (with quotes, flow maps and a one-line JSON). */
function applications(count: number): string {
  return Array.from({ length: count }, (_, index) => {
    const name = `app-${index}`;
    return [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      `  name: ${name}`,
      '  annotations:',
      `    kubectl.kubernetes.io/last-applied-configuration: '{"kind":"Deployment","metadata":{"name":"${name}"}}'`,
      'spec:',
      `  replicas: ${index % 3}`,
      `  selector: {matchLabels: {app: ${name}}}`,
      '  template:',
      `    metadata: {labels: {app: ${name}}}`,
      '    spec:',
      '      containers:',
      `        - {name: web, image: "web:${index}", ports: [{name: http, containerPort: 8080}]}`,
      '---',
      'apiVersion: v1',
      'kind: Service',
      'metadata:',
      `  name: ${name}`,
      'spec:',
      `  selector: {app: ${index % 5 === 0 ? 'nobody' : name}}`,
      '  ports: [{port: 80, targetPort: http}]',
      '---',
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata:',
      `  name: ${name}`,
      'spec:',
      `  podSelector: {matchLabels: {app: ${name}}}`,
      '  ingress: [{ports: [{port: 8080}]}]',
    ].join('\n');
  }).join('\n---\n') + '\n';
}

/** Files whose documents an edit reads apart: every kind of finding, comments, lists, a kind cluster beside objects. */
const FILES: Record<string, string> = {
  applications: applications(20),
  'comments and marks': ['# the platform', '', '---', 'apiVersion: v1', 'kind: Namespace', 'metadata:', '  name: shop', '--- # the backend', 'apiVersion: v1', 'kind: Service', 'metadata:', '  name: api', '  namespace: shop', 'spec:', '  selector: {app: api}', '  ports: [{port: 80, targetPort: 8080}]', '---', '', '---', 'apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: settings, namespace: shop}', 'data:', '  mode: "fast"', ''].join('\n'),
  'errors and anchors': ['apiVersion: v1', 'kind: Pod', 'metadata: &meta', '  name: one', 'spec:', '  containers: [{name: a, image: a, ports: [{containerPort: "eighty"}]}]', '---', 'apiVersion: v1', 'kind: Pod', 'metadata: *meta', 'spec: {containers: []}', '---', 'apiVersion: v1', 'kind: Service', 'metadata: {name: broken', '---', 'apiVersion: v1', 'kind: List', 'items:', '  - {apiVersion: v1, kind: Secret, metadata: {name: s}, data: {key: "\ufffd"}}', ''].join('\r\n'),
  'template actions in values': ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: alerts}', 'data:', "  rules: 'summary: {{ $labels.pod }} is down'", '  legend: "{{code}}"', '---', 'apiVersion: v1', 'kind: Service', 'metadata: {name: web}', 'spec: {selector: {app: web}, ports: [{port: 80}]}', '---', 'apiVersion: v1', 'kind: Secret', 'metadata: {name: web}', 'stringData: {password: "{{ .Values.password }}"}', ''].join('\n'),
  'a tool beside objects': ['kind: Cluster', 'apiVersion: kind.x-k8s.io/v1alpha4', 'nodes: [{role: control-plane}]', '---', 'apiVersion: v1', 'kind: Namespace', 'metadata: {name: tools}', ''].join('\n'),
};

/** What a typist does to one spot: a character in or out, a line break, a document marker, a quote, a template action. */
const TYPED = ['a', 'z', '1', ' ', ':', '-', '\n', '\n---\n', '---', '"', "'", '{', '}', '#', '&x ', '*x', '\t', '\ufffd', '...', '{{ x }}', '\r'];

function randomEdit(text: string, random: () => number): string {
  const at = Math.floor(random() * (text.length + 1));
  if (random() < 0.4 && text.length > 0) return text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 3));
  return text.slice(0, at) + pick(TYPED, random) + text.slice(at);
}

describe('a file read document by document', () => {
  for (const [name, text] of Object.entries(FILES)) {
    test(`${name}: after random edits, equals a fresh parse of the same text (objects, ranges, problems)`, () => {
      const random = seededRandom(name.length * 7919);
      let documents = ManifestDocuments.read(URI, text);
      assert.deepStrictEqual(documents.parsed, parseManifest(URI, text));
      let current = text;
      for (let round = 0; round < 300; round++) {
        current = randomEdit(current, random);
        documents = documents.edit(current);
        assert.deepStrictEqual(documents.parsed, parseManifest(URI, current), `round ${round}: ${JSON.stringify(current.slice(0, 2000))}`);
      }
    });
  }

  test('an edit in one document keeps the objects of the documents before it, and moves those after it by the lines it added', () => {
    const text = applications(20);
    const before = ManifestDocuments.read(URI, text);
    const at = text.indexOf('kind: Service', text.indexOf('name: app-1'));
    const edited = before.edit(`${text.slice(0, at)}# a comment\n${text.slice(at)}`);
    // The first application's three objects are the same objects, and so is the second one's Deployment (read again
    // with the start of the document after it, as it was read before); its Service is read again; every later one is
    // a copy, one line down.
    assert.equal(edited.parsed.objects.filter((object) => before.parsed.objects.includes(object)).length, 4);
    assert.ok(!edited.parsed.objects.slice(4).some((object) => before.parsed.objects.includes(object)));
    const movedDown = JSON.stringify(before.parsed.objects.at(-1)).replace(/"line":(\d+)/g, (_, line: string) => `"line":${Number(line) + 1}`);
    assert.equal(JSON.stringify(edited.parsed.objects.at(-1)), movedDown);
    assert.deepStrictEqual(edited.parsed, parseManifest(URI, edited.text));
  });

  test('an edit that adds no line keeps the objects of every document but the one it touched', () => {
    const text = applications(20);
    const before = ManifestDocuments.read(URI, text);
    const at = text.indexOf('replicas: ', text.indexOf('name: app-5')) + 'replicas: '.length;
    const edited = before.edit(`${text.slice(0, at)}1${text.slice(at)}`);
    const fresh = edited.parsed.objects.filter((object) => !before.parsed.objects.includes(object));
    // The NetworkPolicy before the edited Deployment is read again with the Deployment's start, and reads as before.
    assert.deepStrictEqual(fresh.map((object) => object.type), ['Deployment']);
    assert.deepStrictEqual(edited.parsed, parseManifest(URI, edited.text));
  });
});
