import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { renderKustomization } from '../../../server/src/model/kustomize/build';
import { toPlain } from '../../../server/src/model/kustomize/tree';
import { memoryFiles } from '../../support/kustomizeFiles';

// Cases from kustomize's api/krusty configmaps_test.go, secrets_test.go and generatoroptions_test.go: their inputs,
// and the objects and hash suffixes they expect (kustomize's hash leaves the name out, so a namePrefix does not
// change it).

function build(files: Record<string, string | Uint8Array>, root = ''): { objects: unknown[]; notices: string[] } {
  const result = renderKustomization(root ? `/app/${root}` : '/app', memoryFiles(files));
  if (result.error) throw result.error;
  return { objects: result.resources.map((resource) => toPlain(resource.node)), notices: result.notices.map((notice) => notice.message) };
}

function objects(text: string): unknown[] {
  return parseAllDocuments(text).map((document) => document.toJS());
}

/** The objects as a set, as the conformance cases compare them (kustomize's output order is not tested here). */
function assertSameObjects(actual: unknown[], expected: unknown[]): void {
  const canonical = (value: unknown): string => {
    if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
    if (value === null || typeof value !== 'object') return JSON.stringify(value);
    return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`).join(',')}}`;
  };
  const byText = (a: unknown, b: unknown): number => (canonical(a) < canonical(b) ? -1 : 1);
  assert.deepEqual([...actual].sort(byText), [...expected].sort(byText));
}

function buildError(files: Record<string, string>): string {
  const result = renderKustomization('/app', memoryFiles(files));
  assert.ok(result.error, 'the build fails');
  return result.error.message;
}

const FOO_ENV = '\nMOUNTAIN=everest\nOCEAN=pacific\n';
const PHRASE = '\nLife is short.\nBut the years are long.\nNot while the evil days come not.\n';
const FORCES = '\ngravitational\nelectromagnetic\nstrong nuclear\nweak nuclear\n';

describe('configMapGenerator', () => {
  test('literals, env files (envs and env), and files with and without a key (TestGeneratorBasics)', () => {
    const { objects: actual } = build({
      'kustomization.yaml': `
configMapGenerator:
- name: bob
  literals:
  - fruit=apple
  - vegetable=broccoli
  envs:
  - foo.env
  env: bar.env
  files:
  - passphrase=phrase.dat
  - forces.txt
- name: json
  literals:
  - 'v2=[{"path": "var/druid/segment-cache"}]'
  - >- 
    druid_segmentCache_locations=[{"path": 
    "var/druid/segment-cache", 
    "maxSize": 32000000000, 
    "freeSpacePercent": 1.0}]
`,
      'foo.env': FOO_ENV,
      'bar.env': '\nBIRD=falcon\n',
      'phrase.dat': PHRASE,
      'forces.txt': FORCES,
    });
    assertSameObjects(actual, objects(`
apiVersion: v1
kind: ConfigMap
metadata: {name: bob-g9df72cd5b}
data:
  BIRD: falcon
  MOUNTAIN: everest
  OCEAN: pacific
  forces.txt: "${FORCES.replace(/\n/g, '\\n')}"
  fruit: apple
  passphrase: "${PHRASE.replace(/\n/g, '\\n')}"
  vegetable: broccoli
---
apiVersion: v1
kind: ConfigMap
metadata: {name: json-5298bc8g99}
data:
  druid_segmentCache_locations: '[{"path":  "var/druid/segment-cache",  "maxSize": 32000000000,  "freeSpacePercent": 1.0}]'
  v2: '[{"path": "var/druid/segment-cache"}]'
`));
  });

  test('numbers and booleans stay strings; a value wrapped in one quote character is kept (TestGeneratorIntVsStringNoMerge, TestDataIsSingleQuote)', () => {
    const { objects: actual } = build({ 'kustomization.yaml': 'configMapGenerator:\n- name: bob\n  literals:\n  - fruit=Indian Gooseberry\n  - year=2020\n  - crisis=true\n- name: test\n  literals:\n  - TEST=\'\n' });
    assertSameObjects(actual, objects(`
apiVersion: v1
kind: ConfigMap
metadata: {name: bob-79t79mt227}
data: {crisis: "true", fruit: Indian Gooseberry, year: "2020"}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: test-m8t7bmb6g2}
data: {TEST: "'"}
`));
  });

  test('a value wrapped in matching quotes loses them', () => {
    const { objects: actual } = build({ 'kustomization.yaml': 'configMapGenerator:\n- name: q\n  options: {disableNameSuffixHash: true}\n  literals:\n  - a="bar"\n  - b=\'x\'\n  - c="x\'\n  - d=this is a \'test\'\n' });
    assertSameObjects(actual, objects('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: q}\ndata: {a: bar, b: x, c: "\\"x\'", d: "this is a \'test\'"}\n'));
  });

  test('a value that is not UTF-8 goes to binaryData in base64 lines of 70 (TestGeneratorOverlaysBinaryData)', () => {
    const hello = new Uint8Array(Array.from({ length: 30 }, () => [0xff, 0x68, 0x65, 0x6c, 0x6c, 0x6f]).flat());
    const { objects: actual } = build({ 'base/kustomization.yaml': 'configMapGenerator:\n- name: com1\n  behavior: create\n  files:\n  - data.bin\n', 'base/data.bin': hello, 'overlay/kustomization.yaml': 'resources:\n- ../base\nconfigMapGenerator:\n- name: com1\n  behavior: merge\n' }, 'overlay');
    assertSameObjects(actual, objects(`
apiVersion: v1
kind: ConfigMap
metadata: {name: com1-96gmmt6gt5}
binaryData:
  data.bin: |
    /2hlbGxv/2hlbGxv/2hlbGxv/2hlbGxv/2hlbGxv/2hlbGxv/2hlbGxv/2hlbGxv/2hlbG
    xv/2hlbGxv/2hlbGxv/2hlbGxv/2hlbGxv/2hlbGxv/2hlbGxv/2hlbGxv/2hlbGxv/2hl
    bGxv/2hlbGxv/2hlbGxv/2hlbGxv/2hlbGxv/2hlbGxv/2hlbGxv/2hlbGxv/2hlbGxv/2
    hlbGxv/2hlbGxv/2hlbGxv/2hlbGxv
`));
  });

  test('an overlay merges its keys into the base generator\'s, whose hash follows the merged data (TestGeneratorFromProperties, TestGeneratorIntVsStringWithMerge)', () => {
    assertSameObjects(build({
      'base/kustomization.yaml': 'configMapGenerator:\n  - name: test-configmap\n    behavior: create\n    envs:\n    - properties\n',
      'base/properties': '\nVAR1=100\n',
      'overlay/kustomization.yaml': 'resources:\n- ../base\nconfigMapGenerator:\n- name: test-configmap\n  behavior: "merge"\n  envs:\n  - properties\n',
      'overlay/properties': '\nVAR2=200\n',
    }, 'overlay').objects, objects('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: test-configmap-hdghb5ddkg}\ndata: {VAR1: "100", VAR2: "200"}\n'));
    assertSameObjects(build({
      'base/kustomization.yaml': 'configMapGenerator:\n- name: bob\n  literals:\n  - fruit=Indian Gooseberry\n  - year=2020\n  - crisis=true\n',
      'overlay/kustomization.yaml': 'resources:\n- ../base\nconfigMapGenerator:\n- name: bob\n  behavior: merge\n  literals:\n  - month=12\n',
    }, 'overlay').objects, objects('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bob-bk46gm59c6}\ndata: {crisis: "true", fruit: Indian Gooseberry, month: "12", year: "2020"}\n'));
  });

  test('as a generators: configuration, metadata.name names it (TestConfigMapGeneratorLiteralNewline)', () => {
    const { objects: actual } = build({
      'kustomization.yaml': 'generators:\n- configmaps.yaml\n',
      'configmaps.yaml': 'apiVersion: builtin\nkind: ConfigMapGenerator\nmetadata:\n  name: testing\nliterals:\n  - |\n    initial.txt=greetings\n    everyone\n  - |\n    final.txt=different\n    behavior\n---\n',
    });
    assertSameObjects(actual, objects('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: testing-tt4769fb52}\ndata: {final.txt: "different\\nbehavior\\n", initial.txt: "greetings\\neveryone\\n"}\n'));
  });

  test('env files: comments, blank lines, leading spaces, a BOM, CRLF and = in values; a bare name is empty with a notice', () => {
    const { objects: actual, notices } = build({
      'kustomization.yaml': 'configMapGenerator:\n- name: env\n  options: {disableNameSuffixHash: true}\n  envs: [app.env]\n',
      'app.env': '\uFEFFA=1\r\n# comment\n\n   B=x=y\nHOME\n',
    });
    assertSameObjects(actual, objects('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: env}\ndata: {A: "1", B: "x=y", HOME: ""}\n'));
    assert.equal(notices.length, 1);
    assert.match(notices[0]!, /HOME in app\.env has no value: kustomize would read it from its own environment/);
  });

  test('the options: labels, annotations, immutable; each data value keeps the literal\'s origin', () => {
    const result = renderKustomization('/app', memoryFiles({ 'kustomization.yaml': 'configMapGenerator:\n- name: cm\n  options:\n    labels: {b: "2", a: "1"}\n    annotations: {note: x}\n    immutable: true\n  literals:\n  - k=v\n' }));
    assert.equal(result.error, undefined);
    const [resource] = result.resources;
    const { name, ...metadata } = toPlain(resource!.node.entries.get('metadata')!) as Record<string, unknown>;
    assert.match(String(name), /^cm-[0-9a-z]{10}$/);
    assert.deepEqual(metadata, { labels: { a: '1', b: '2' }, annotations: { note: 'x' } });
    assert.equal(toPlain(resource!.node.entries.get('immutable')!), true);
    const data = resource!.node.entries.get('data');
    const origin = data?.type === 'map' ? data.entries.get('k')?.origin : undefined;
    assert.equal(origin?.file, '/app/kustomization.yaml');
    assert.equal(origin?.range.start.line, 7);
  });

  test('a key given twice, a literal without =, and a missing file are errors', () => {
    assert.match(buildError({ 'kustomization.yaml': 'configMapGenerator:\n- name: cm\n  literals: [a=1, a=2]\n' }), /illegally repeats the key `a`/);
    assert.match(buildError({ 'kustomization.yaml': 'configMapGenerator:\n- name: cm\n  literals: [novalue]\n' }), /invalid literal source/);
    assert.match(buildError({ 'kustomization.yaml': 'configMapGenerator:\n- name: cm\n  files: [missing.txt]\n' }), /missing\.txt/);
    assert.match(buildError({ 'kustomization.yaml': 'configMapGenerator:\n- name: cm\n  files: [a=b=c]\n' }), /contains '='/);
    assert.match(buildError({ 'kustomization.yaml': 'configMapGenerator:\n- literals: [a=1]\n' }), /must have a name/);
  });

  test('merge or replace of what does not exist, and create of what does, are errors', () => {
    assert.match(buildError({ 'kustomization.yaml': 'configMapGenerator:\n- name: cm\n  behavior: merge\n' }), /does not exist; cannot merge or replace/);
    assert.match(buildError({ 'kustomization.yaml': 'resources: [cm.yaml]\nconfigMapGenerator:\n- name: cm\n', 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\n' }), /behavior must be merge or replace/);
  });

  test('merging into a ConfigMap read from a file (TestIssue3393)', () => {
    assertSameObjects(build({
      'kustomization.yaml': 'resources:\n- cm.yaml\nconfigMapGenerator:\n  - name: project\n    behavior: merge\n    literals:\n    - ANOTHER_ENV_VARIABLE="bar"\n    options:\n      disableNameSuffixHash: true\n',
      'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: project\ndata:\n  A_FIRST_ENV_VARIABLE: "foo"\n',
    }).objects, objects('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: project}\ndata: {A_FIRST_ENV_VARIABLE: foo, ANOTHER_ENV_VARIABLE: bar}\n'));
  });
});

describe('hash suffixes', () => {
  test('the hashed name keeps the generated name as an earlier id, for references to be rewritten', () => {
    const result = renderKustomization('/app', memoryFiles({ 'kustomization.yaml': 'configMapGenerator:\n- name: cm\n  literals: [k=v]\n' }));
    const [resource] = result.resources;
    assert.match((toPlain(resource!.node.entries.get('metadata')!) as { name: string }).name, /^cm-[0-9a-z]{10}$/);
    assert.deepEqual(resource!.previousIds.map((id) => id.name), ['cm']);
  });
});

describe('secretGenerator', () => {
  test('values in base64, long ones in lines of 70 (TestGeneratorBasics, TestSecretGenerator)', () => {
    const files = { 'foo.env': FOO_ENV, 'bar.env': '\nBIRD=falcon\n', 'phrase.dat': PHRASE, 'forces.txt': FORCES };
    assertSameObjects(build({ ...files, 'kustomization.yaml': 'secretGenerator:\n- name: bob\n  literals:\n  - fruit=apple\n  - vegetable=broccoli\n  envs:\n  - foo.env\n  files:\n  - passphrase=phrase.dat\n  - forces.txt\n  env: bar.env\n' }).objects, objects(`
apiVersion: v1
data:
  BIRD: ZmFsY29u
  MOUNTAIN: ZXZlcmVzdA==
  OCEAN: cGFjaWZpYw==
  forces.txt: |
    CmdyYXZpdGF0aW9uYWwKZWxlY3Ryb21hZ25ldGljCnN0cm9uZyBudWNsZWFyCndlYWsgbn
    VjbGVhcgo=
  fruit: YXBwbGU=
  passphrase: |
    CkxpZmUgaXMgc2hvcnQuCkJ1dCB0aGUgeWVhcnMgYXJlIGxvbmcuCk5vdCB3aGlsZSB0aG
    UgZXZpbCBkYXlzIGNvbWUgbm90Lgo=
  vegetable: YnJvY2NvbGk=
kind: Secret
metadata:
  name: bob-58g62h555c
type: Opaque
`));
    assertSameObjects(build({ 'foo.env': FOO_ENV, 'phrase.dat': 'dat phrase', 'kustomization.yaml': 'secretGenerator:\n- name: bob\n  literals:\n  - FRUIT=apple\n  - VEGETABLE=carrot\n  files:\n  - foo.env\n  - passphrase=phrase.dat\n  envs:\n  - foo.env\n' }).objects, objects(`
apiVersion: v1
data:
  FRUIT: YXBwbGU=
  MOUNTAIN: ZXZlcmVzdA==
  OCEAN: cGFjaWZpYw==
  VEGETABLE: Y2Fycm90
  foo.env: Ck1PVU5UQUlOPWV2ZXJlc3QKT0NFQU49cGFjaWZpYwo=
  passphrase: ZGF0IHBocmFzZQ==
kind: Secret
metadata:
  name: bob-bh645k7tmg
type: Opaque
`));
  });

  test('an empty Secret has data: {}; a quote alone is kept (TestSecretPrefixSuffix, TestSecretDataIsSingleQuote)', () => {
    assertSameObjects(build({ 'kustomization.yaml': 'secretGenerator:\n- name: "-example-secret"\n- name: test\n  literals:\n  - TEST=\'\n' }).objects, objects(`
apiVersion: v1
data: {}
kind: Secret
metadata: {name: -example-secret-46f8b28mk5}
type: Opaque
---
apiVersion: v1
data: {TEST: Jw==}
kind: Secret
metadata: {name: test-7dthck49k5}
type: Opaque
`));
  });

  test('emitStringData writes text values to stringData and binary ones to data (TestSecretGeneratorMixedEmitStringDataFallback)', () => {
    const hunter = new Uint8Array(Array.from({ length: 30 }, () => [0xff, 0x68, 0x75, 0x6e, 0x74, 0x65, 0x72, 0x32]).flat());
    assertSameObjects(build({ 'data.bin': hunter, 'forces.txt': FORCES, 'kustomization.yaml': 'secretGenerator:\n- name: com1\n  emitStringData: true\n  behavior: create\n  files:\n  - data.bin\n  - forces.txt\n  literals:\n  - fruit=Mango\n  - year=2025\n  - crisis=true\n' }).objects, objects(`
apiVersion: v1
data:
  data.bin: |
    /2h1bnRlcjL/aHVudGVyMv9odW50ZXIy/2h1bnRlcjL/aHVudGVyMv9odW50ZXIy/2h1bn
    RlcjL/aHVudGVyMv9odW50ZXIy/2h1bnRlcjL/aHVudGVyMv9odW50ZXIy/2h1bnRlcjL/
    aHVudGVyMv9odW50ZXIy/2h1bnRlcjL/aHVudGVyMv9odW50ZXIy/2h1bnRlcjL/aHVudG
    VyMv9odW50ZXIy/2h1bnRlcjL/aHVudGVyMv9odW50ZXIy/2h1bnRlcjL/aHVudGVyMv9o
    dW50ZXIy/2h1bnRlcjL/aHVudGVyMv9odW50ZXIy
kind: Secret
metadata:
  name: com1-8k8d8b8g5b
stringData:
  crisis: "true"
  forces.txt: "${FORCES.replace(/\n/g, '\\n')}"
  fruit: Mango
  year: "2025"
type: Opaque
`));
  });

  test('a merge keeps the base\'s data and stringData (TestSecretGeneratorEmitStringDataFromProperties, TestSecretGeneratorDoesNotTouchStringData)', () => {
    const base = (emit: boolean): string => `secretGenerator:\n- name: test-secret\n  emitStringData: ${emit}\n  behavior: create\n  envs:\n  - properties\n`;
    const overlay = (emit: boolean): string => `resources:\n- ../base\nsecretGenerator:\n- name: test-secret\n  emitStringData: ${emit}\n  behavior: "merge"\n  envs:\n  - properties\n`;
    const files = (baseEmits: boolean): Record<string, string> => ({ 'base/kustomization.yaml': base(baseEmits), 'base/properties': '\nVAR1=100\n', 'overlay/kustomization.yaml': overlay(!baseEmits), 'overlay/properties': '\nVAR2=200\n' });
    assertSameObjects(build(files(false), 'overlay').objects, objects('apiVersion: v1\ndata: {VAR1: MTAw}\nkind: Secret\nmetadata: {name: test-secret-cbkdg78c5m}\nstringData: {VAR2: "200"}\ntype: Opaque\n'));
    assertSameObjects(build(files(true), 'overlay').objects, objects('apiVersion: v1\ndata: {VAR2: MjAw}\nkind: Secret\nmetadata: {name: test-secret-962dt6476k}\nstringData: {VAR1: "100"}\ntype: Opaque\n'));
  });

  test('a message never shows a Secret\'s value', () => {
    const message = buildError({ 'kustomization.yaml': 'secretGenerator:\n- name: s\n  literals: [hunter2]\n' });
    assert.doesNotMatch(message, /hunter2/);
  });
});

describe('generatorOptions', () => {
  test('a base without the hash keeps its name; the overlay\'s own generator gets one (TestGeneratorOptionsWithBases)', () => {
    assertSameObjects(build({
      'base/kustomization.yaml': 'generatorOptions:\n  disableNameSuffixHash: true\n  labels:\n    foo: bar\nconfigMapGenerator:\n- name: shouldNotHaveHash\n  literals:\n  - foo=bar\n',
      'overlay/kustomization.yaml': 'resources:\n- ../base\ngeneratorOptions:\n  disableNameSuffixHash: false\n  labels:\n    fruit: apple\nconfigMapGenerator:\n- name: shouldHaveHash\n  literals:\n  - fruit=apple\n',
    }, 'overlay').objects, objects(`
apiVersion: v1
data: {foo: bar}
kind: ConfigMap
metadata: {labels: {foo: bar}, name: shouldNotHaveHash}
---
apiVersion: v1
data: {fruit: apple}
kind: ConfigMap
metadata: {labels: {fruit: apple}, name: shouldHaveHash-c9867f8446}
`));
  });

  test('an entry\'s own label wins over the global one; the global ones it lacks are added; a global true wins', () => {
    assertSameObjects(build({
      'kustomization.yaml': 'generatorOptions:\n  disableNameSuffixHash: true\n  immutable: true\n  labels: {a: global, b: global}\n  annotations: {n: global}\nconfigMapGenerator:\n- name: cm\n  options:\n    disableNameSuffixHash: false\n    labels: {a: local}\n',
    }).objects, objects('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm, labels: {a: local, b: global}, annotations: {n: global}}\nimmutable: true\n'));
  });
});
