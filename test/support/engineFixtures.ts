import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_PROFILE, readProfile, type ClusterProfile } from '../../server/src/engine/profile';
import { buildSnapshot } from '../../server/src/engine/snapshot/buildSnapshot';
import type { ClusterSnapshot } from '../../server/src/engine/snapshot/types';
import { parseManifest } from '../../server/src/model/parseManifest';
import { PROJECT_ROOT } from './fixtures';

/** A snapshot of manifests given as text, under a profile layered over the defaults. */
export function snapshotOf(text: string, profile: object = {}): ClusterSnapshot {
  const { profile: effective, problems } = readProfile(profile);
  if (problems.length > 0) throw new Error(JSON.stringify(problems));
  return buildSnapshot(parseManifest('file:///test/manifests.yaml', text).objects, effective);
}

/** A snapshot of the bundled example workspace. */
export function exampleSnapshot(profile: ClusterProfile = DEFAULT_PROFILE): ClusterSnapshot {
  const root = path.join(PROJECT_ROOT, 'examples');
  const files = fs
    .readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.yaml'))
    .sort();
  const objects = files.flatMap((file) => parseManifest(`file://${path.join(root, file)}`, fs.readFileSync(path.join(root, file), 'utf8')).objects);
  return buildSnapshot(objects, profile);
}

/**
 * A Deployment `name` in `namespace`: pods labelled app=`name` (and `labels`), running as `serviceAccount`, one
 * container with TCP 8080 named http. The policy tests' usual workload.
 */
export function deploymentOf(namespace: string, name: string, { labels = {}, serviceAccount = 'default' }: { labels?: Record<string, string>; serviceAccount?: string } = {}): string {
  const podLabels = Object.entries({ app: name, ...labels }).map(([key, value]) => `${key}: ${value}`).join(', ');
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {${podLabels}}}
    spec: {serviceAccountName: ${serviceAccount}, containers: [{name: main, ports: [{name: http, containerPort: 8080}]}]}
`;
}

/**
 * A Deployment `name` (pods labelled app=`name`, a container listening on 8080) and its Service (port 80, named
 * http, to 8080), in `namespace`: the usual backend of the engine's tests.
 */
export function appWithService(namespace: string, name: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: app, image: app, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${namespace}}
spec: {selector: {app: ${name}}, ports: [{name: http, port: 80, targetPort: 8080}]}
`;
}
