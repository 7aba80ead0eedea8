import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkCluster } from '../../../server/src/engine/diagnostics/checkCluster';
import { parseDestination, parseSource } from '../../../server/src/engine/trace/parseEndpoints';
import { traceRequest } from '../../../server/src/engine/trace/trace';
import type { Trace, TraceDestination, TraceSource } from '../../../server/src/engine/trace/types';
import { snapshotOf } from '../../support/engineFixtures';

// A controller whose webhook and metrics ports come from its arguments, as controller-runtime managers do: only
// the health port is declared. Kubernetes never requires containerPort (it is informational).
const CONTROLLER = `apiVersion: apps/v1
kind: Deployment
metadata: {name: manager, namespace: system}
spec:
  selector: {matchLabels: {app: manager}}
  template:
    metadata: {labels: {app: manager}}
    spec:
      containers:
        - name: manager
          args: [--metrics-bind-address=:8443, --webhook-port=9443]
          ports: [{name: health, containerPort: 8081}]
          livenessProbe: {httpGet: {path: /healthz, port: 8081}}
          readinessProbe: {httpGet: {path: /readyz, port: 9440}}
          startupProbe: {tcpSocket: {port: 9443}}
---
apiVersion: v1
kind: Service
metadata: {name: webhook, namespace: system}
spec:
  selector: {app: manager}
  ports: [{port: 443, targetPort: 9443}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: client, namespace: system}
spec:
  selector: {matchLabels: {app: client}}
  template:
    metadata: {labels: {app: client}}
    spec: {containers: [{name: main}]}
`;

const findings = (text: string) => checkCluster(snapshotOf(text)).map((problem) => `${problem.code} ${problem.severity} ${problem.range.start.line + 1}: ${problem.message}`);
const trace = (text: string, to: string): Trace =>
  traceRequest({ from: parseSource('system/client') as TraceSource, to: parseDestination(to) as TraceDestination, protocol: 'TCP' }, snapshotOf(text)) as Trace;

describe('containerPort is informational', () => {
  test('a numeric targetPort no container declares is no finding when the arguments name it, else an information note; probes on port numbers need no declaration', () => {
    assert.deepEqual(findings(CONTROLLER), []);
    assert.deepEqual(findings(CONTROLLER.replace('--webhook-port=9443', '--webhook-port=$(WEBHOOK_PORT)')), [
      'KT102 information 22: No container of the 1 selected pod(s) declares TCP port 9443 (they declare 8081). containerPort is informational: this works if the application listens on 9443 (set by its arguments or configuration); if it does not, connections are refused.',
    ]);
    assert.equal(findings(CONTROLLER.replace('--webhook-port=9443', '--webhook-port=19443')).length, 1, 'another number that contains it is not it');
    assert.deepEqual(findings(CONTROLLER.replace('--webhook-port=9443', '--webhook-port=$(PORT)').replace('          args:', '          env: [{name: PORT, value: "9443"}]\n          args:')), [], 'a port given in the environment counts too');
  });

  test('a trace to a port no container declares is delivered, and the pod hop says the port is not declared', () => {
    const result = trace(CONTROLLER, 'webhook.system:443');
    assert.equal(result.verdict.kind, 'delivered');
    assert.match(result.verdict.summary, /^delivered to pod system\/manager-\S+ at [\d.]+:9443 \(a port no container declares\)$/);
    const last = result.hops.at(-1)!;
    assert.equal(last.component, 'container');
    assert.match(last.decision, /^No container of the pod declares TCP port 9443 \(declared: 8081\/TCP\): the connection is delivered/);
    assert.match(last.details![0]!, /^port 9443 is not declared: containerPort is informational/);
    const declared = trace(CONTROLLER, `${result.hops.at(-1)!.before!.dst}:8081`);
    assert.equal(declared.verdict.kind, 'delivered');
    assert.equal(declared.hops.at(-1)!.details, undefined, 'no note on a declared port');
    assert.match(declared.hops.at(-1)!.decision, /^Container manager declares TCP 8081 \(health\): the connection is delivered\.$/);
  });

  test('a named targetPort or probe port that no container names still fails: KT103 and KT112 errors, and the trace finds no endpoints', () => {
    const named = CONTROLLER.replace('targetPort: 9443', 'targetPort: webhook').replace('tcpSocket: {port: 9443}', 'tcpSocket: {port: webhook}');
    assert.deepEqual(findings(named).map((line) => line.split(':')[0]), ['KT112 error 15', 'KT103 error 22']);
    assert.equal(trace(named, 'webhook.system:443').verdict.kind, 'no-endpoints');
  });

  test('a probe naming a port fails even when the container declares no port at all', () => {
    const bare = CONTROLLER.replace('          ports: [{name: health, containerPort: 8081}]\n', '').replace('port: 8081}', 'port: health}');
    assert.deepEqual(findings(bare).map((line) => line.split(':')[0]), ['KT112 error 12']);
  });
});
