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
