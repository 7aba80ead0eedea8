import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { parseManifest } from '../../../server/src/model/parseManifest';
import { SHARED } from '../../support/fixtures';

const CORPUS = path.join(SHARED, 'corpus');

function manifestFiles(folder: string): string[] {
  return fs
    .readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(ya?ml|json)$/.test(file))
    .map((file) => path.join(folder, file))
    .sort();
}

function countKinds(folder: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const file of manifestFiles(folder)) {
    const parsed = parseManifest(`file://${file}`, fs.readFileSync(file, 'utf8'));
    assert.deepEqual(parsed.problems, [], file);
    for (const object of parsed.objects) counts[object.id.kind] = (counts[object.id.kind] ?? 0) + 1;
  }
  return counts;
}

/** Object counts as the corpus README states them for each application. */
const EXPECTED: Record<string, Record<string, number>> = {
  'online-boutique': { NetworkPolicy: 13, Deployment: 12, Service: 12, ServiceAccount: 11 },
  bookinfo: { Service: 11, HTTPRoute: 9, Deployment: 6, ServiceAccount: 4, Gateway: 1, Ingress: 1 },
  guestbook: { Deployment: 3, Service: 3 },
  'voting-app': { Deployment: 5, Service: 4 },
  'sock-shop': { Deployment: 14, Service: 14, NetworkPolicy: 13, Namespace: 2 },
  'aks-store-demo': { Service: 11, Deployment: 10, Secret: 4, StatefulSet: 3, ConfigMap: 2, Ingress: 1 },
  podinfo: { Deployment: 3, Service: 3, HorizontalPodAutoscaler: 1, Namespace: 1 },
  'network-policy-recipes': { NetworkPolicy: 15 },
};

describe('real applications from ../shared/corpus', { skip: !fs.existsSync(CORPUS) && 'no ../shared/corpus' }, () => {
  for (const [application, expected] of Object.entries(EXPECTED)) {
    test(`${application}: every object is read, without a problem`, () => {
      assert.deepEqual(countKinds(path.join(CORPUS, application)), expected);
    });
  }
});
