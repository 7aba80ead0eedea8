/**
 * Writes the "large replicas" workspace of issue 23: one file of 300 Deployments, each with a Service, and two
 * StatefulSets behind headless Services (each of their pods has its own DNS name), every workload asking for
 * `replicas` pods. Deterministic for given arguments.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const REPLICAS_DEPLOYMENTS = 300;

export function replicasManifest(replicas: number, deployments = REPLICAS_DEPLOYMENTS): string {
  const documents: string[] = [];
  for (let index = 0; index < deployments; index++) {
    const name = `svc-${String(index).padStart(3, '0')}`;
    documents.push(
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        `metadata: {name: ${name}}`,
        'spec:',
        `  replicas: ${replicas}`,
        `  selector: {matchLabels: {app: ${name}}}`,
        '  template:',
        `    metadata: {labels: {app: ${name}}}`,
        `    spec: {containers: [{name: app, image: nginx, ports: [{containerPort: 8080}]}]}`,
      ].join('\n'),
      ['apiVersion: v1', 'kind: Service', `metadata: {name: ${name}}`, `spec: {selector: {app: ${name}}, ports: [{port: 80, targetPort: 8080}]}`].join('\n'),
    );
  }
  for (const name of ['db', 'cache']) {
    documents.push(
      [
        'apiVersion: apps/v1',
        'kind: StatefulSet',
        `metadata: {name: ${name}}`,
        'spec:',
        `  serviceName: ${name}`,
        `  replicas: ${replicas}`,
        `  selector: {matchLabels: {app: ${name}}}`,
        '  template:',
        `    metadata: {labels: {app: ${name}}}`,
        `    spec: {containers: [{name: app, image: redis, ports: [{containerPort: 6379}]}]}`,
      ].join('\n'),
      ['apiVersion: v1', 'kind: Service', `metadata: {name: ${name}}`, `spec: {clusterIP: None, selector: {app: ${name}}, ports: [{port: 6379}]}`].join('\n'),
    );
  }
  return `${documents.join('\n---\n')}\n`;
}

/** The workspace in a new folder under `parent`: its one file, `workloads.yaml`, and with `profileNodes` a `kubetrace.yaml` setting that many nodes. */
export function writeReplicasWorkspace(parent: string, replicas: number, profileNodes?: number): string {
  const root = path.join(parent, `replicas-${replicas}${profileNodes === undefined ? '' : `-nodes-${profileNodes}`}`);
  fs.mkdirSync(root, { recursive: true });
  fs.writeFileSync(path.join(root, 'workloads.yaml'), replicasManifest(replicas));
  if (profileNodes !== undefined) fs.writeFileSync(path.join(root, 'kubetrace.yaml'), `nodes: ${profileNodes}\n`);
  return root;
}
