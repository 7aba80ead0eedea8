import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkCluster } from '../../../server/src/engine/diagnostics/checkCluster';
import { snapshotOf } from '../../support/engineFixtures';

const WORKSPACE = (ports: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: app}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: main, ports: [{containerPort: 80}, {containerPort: 81}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: app}
spec:
  selector: {app: web}
  ports: ${ports}
`;

// The API server's defaulting (SetDefaults_Service): a targetPort that is absent, 0 or "" becomes the port.
describe('targetPort defaults to the port', () => {
  for (const [written, ports] of [
    ['absent', '[{name: a, port: 80}, {name: b, port: 81}]'],
    ['0', '[{name: a, port: 80, targetPort: 0}, {name: b, port: 81, targetPort: 0}]'],
    ['""', '[{name: a, port: 80, targetPort: ""}, {name: b, port: 81, targetPort: ""}]'],
  ] as const) {
    test(`targetPort ${written}: each port is sent to the same number, with no finding`, () => {
      const snapshot = snapshotOf(WORKSPACE(ports));
      const service = snapshot.services.find((candidate) => candidate.name === 'web')!;
      assert.deepEqual(service.ports.map((port) => [port.port, port.targetPort]), [[80, 80], [81, 81]]);
      assert.deepEqual(snapshot.endpoints.get('app/web')?.endpoints[0]?.ports, { a: 80, b: 81 });
      assert.deepEqual(checkCluster(snapshot).map((problem) => `${problem.code} ${problem.message}`), []);
    });
  }

  test('a negative targetPort is still rejected (KT010)', () => {
    const problems = checkCluster(snapshotOf(WORKSPACE('[{port: 80, targetPort: -1}]')));
    assert.deepEqual(problems.filter((problem) => problem.code === 'KT010').map((problem) => problem.message), ['targetPort -1 is not between 1 and 65535: the API server rejects it.']);
  });
});
