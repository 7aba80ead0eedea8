import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readProfile } from '../../../server/src/engine/profile';
import { readProfileFile } from '../../../server/src/model/profileFile';
import { kubetrace } from '../../support/cliRun';
import { useTempTrees } from '../../support/fixtures';

const deployment = (name: string, replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: shop}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template: {metadata: {labels: {app: ${name}}}, spec: {containers: [{name: main, ports: [{containerPort: 80}]}]}}
---
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: shop}
spec: {selector: {app: ${name}}, ports: [{port: 80}]}
`;
const manifests = Object.fromEntries(Array.from({ length: 6 }, (_, index) => [`app-${index}.yaml`, deployment(`app-${index}`, 5)]));

describe('a profile whose nodes are too few for the pods', () => {
  const tree = useTempTrees();

  test('gets one finding on its nodes key, with the count that would do, and nothing about the pods or Services', () => {
    const root = tree({ ...manifests, 'kubetrace.yaml': 'clusterDomain: cluster.local\nnodeCIDRMaskSize: 28\nnodes: 1\n' });
    const { stdout } = kubetrace(['check', '--exit-zero', '.'], { cwd: root });
    assert.equal(
      stdout,
      "kubetrace.yaml:3:1 warning KT114 The profile's 1 node(s) have room for 13 pod addresses, but the workspace runs 32 pods: 19 get no address, and nothing reaches them. Set nodes to 3 or more, or leave it out and the default cluster grows to fit.\n" +
        '7 files, 12 objects: 0 errors, 1 warnings, 0 notes.\n',
    );
  });

  test('enough nodes, or no nodes key (the default cluster grows), give no finding', () => {
    for (const profile of ['nodeCIDRMaskSize: 28\nnodes: 3\n', 'nodeCIDRMaskSize: 28\n']) {
      const root = tree({ ...manifests, 'kubetrace.yaml': profile });
      assert.equal(kubetrace(['check', '.'], { cwd: root }).stdout, '7 files, 12 objects: 0 errors, 0 warnings, 0 notes.\n', profile);
    }
  });

  test('the nodes key is located in YAML and JSON profiles; a settings layer that sets nodes drops it', () => {
    const yaml = readProfileFile('# cluster\nnodes:\n  - name: a\n', undefined, 'file:///w/kubetrace.yaml').profile.nodesWrittenAt;
    assert.deepEqual([yaml?.uri, yaml?.range.start.line, yaml?.range.start.character, yaml?.range.end.character], ['file:///w/kubetrace.yaml', 1, 0, 5]);
    const json = readProfileFile('{\n  "cni": {"plugin": "cilium"},\n  "nodes": 2\n}\n', undefined, 'file:///w/kubetrace.json').profile.nodesWrittenAt;
    assert.deepEqual([json?.range.start.line, json?.range.start.character], [2, 2]);
    const file = readProfileFile('nodes: 2\n', undefined, 'file:///w/kubetrace.yaml').profile;
    assert.ok(readProfile({ clusterDomain: 'corp.local' }, file).profile.nodesWrittenAt, 'other settings keep it');
    assert.equal(readProfile({ nodes: 4 }, file).profile.nodesWrittenAt, undefined, 'the setting decides the nodes then');
    assert.equal(readProfileFile('clusterDomain: corp.local\n', undefined, 'file:///w/kubetrace.yaml').profile.nodesWrittenAt, undefined);
  });
});
