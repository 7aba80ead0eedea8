import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ClusterSnapshot } from '../../../server/src/engine';
import { ClusterTerminal } from '../../../server/src/terminal/clusterTerminal';
import { ClusterLayer } from '../../../server/src/terminal/clusterLayer';
import { readProfile } from '../../../server/src/engine/profile';
import { parseManifest } from '../../../server/src/model/parseManifest';
import { snapshotOf } from '../../support/engineFixtures';
import { PROJECT_ROOT } from '../../support/fixtures';

/** The manifests written to match the seed documents' shell sessions. */
export const SEED_CLUSTER = fs.readFileSync(path.join(PROJECT_ROOT, 'test', 'fixtures', 'terminal', 'seed-cluster.yaml'), 'utf8');

const MANIFESTS_URI = 'file:///test/manifests.yaml';

/**
 * A terminal on manifests (the seed cluster by default), the snapshot it starts from, and its layer. `files` are
 * what `kubectl apply -f` can read, by name.
 */
export function terminalOn(text = SEED_CLUSTER, profile: object = {}, files: Record<string, string> = {}): { terminal: ClusterTerminal; snapshot: ClusterSnapshot; layer: ClusterLayer } {
  const snapshot = snapshotOf(text, profile);
  const layer = new ClusterLayer(parseManifest(MANIFESTS_URI, text).objects, readProfile(profile).profile, (uri) => (uri === MANIFESTS_URI ? text : undefined), snapshot);
  const readFile = (name: string) => (files[name] !== undefined ? { uri: `file:///test/${name}`, text: files[name]! } : { error: `error: the path "${name}" does not exist` });
  return { terminal: new ClusterTerminal(layer, readFile), snapshot, layer };
}

export function serviceIp(snapshot: ClusterSnapshot, namespace: string, name: string): string {
  const service = snapshot.services.find((candidate) => candidate.namespace === namespace && candidate.name === name);
  if (!service) throw new Error(`no Service ${namespace}/${name}`);
  return service.clusterIPs[0]!;
}

export function podsOfApp(snapshot: ClusterSnapshot, namespace: string, app: string) {
  return snapshot.pods.filter((pod) => pod.namespace === namespace && pod.labels['app'] === app).sort((a, b) => a.name.localeCompare(b.name));
}
