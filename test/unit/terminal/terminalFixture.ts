import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ClusterSnapshot } from '../../../server/src/engine';
import { ClusterTerminal } from '../../../server/src/terminal/clusterTerminal';
import { snapshotOf } from '../../support/engineFixtures';
import { PROJECT_ROOT } from '../../support/fixtures';

/** The manifests written to match the seed documents' shell sessions. */
export const SEED_CLUSTER = fs.readFileSync(path.join(PROJECT_ROOT, 'test', 'fixtures', 'terminal', 'seed-cluster.yaml'), 'utf8');

/** A terminal on manifests (the seed cluster by default), and the snapshot it answers from. */
export function terminalOn(text = SEED_CLUSTER, profile: object = {}): { terminal: ClusterTerminal; snapshot: ClusterSnapshot } {
  const snapshot = snapshotOf(text, profile);
  return { terminal: new ClusterTerminal(() => snapshot, 'default'), snapshot };
}

export function serviceIp(snapshot: ClusterSnapshot, namespace: string, name: string): string {
  const service = snapshot.services.find((candidate) => candidate.namespace === namespace && candidate.name === name);
  if (!service) throw new Error(`no Service ${namespace}/${name}`);
  return service.clusterIPs[0]!;
}

export function podsOfApp(snapshot: ClusterSnapshot, namespace: string, app: string) {
  return snapshot.pods.filter((pod) => pod.namespace === namespace && pod.labels['app'] === app).sort((a, b) => a.name.localeCompare(b.name));
}
