import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseManifest } from '../../../server/src/model/parseManifest';

test('a flow mapping entry typed without the space after its colon reads as a key with no value, and is no crash', () => {
  const text = ['apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: web}', 'spec:', '  selector: {matchLabels: {app:web}}', '  template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web, image: web}]}}', ''].join('\n');
  const parsed = parseManifest('file:///work/web.yaml', text);
  assert.equal(parsed.objects.length, 1);
  assert.deepEqual(parsed.problems.map((problem) => problem.code), []);
});
