import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { groupClusters } from '../../../server/src/workspace/clusterGrouping';

const ROOT = path.resolve('/work/repo');
const at = (relative: string) => path.join(ROOT, relative);

/** Groups files given as relative path → identities, and gives cluster → relative paths. */
function group(files: Record<string, string[]>, roots = [ROOT], explicit = {}): Record<string, string[]> {
  const grouping = groupClusters(roots, explicit, new Map(Object.entries(files).map(([file, ids]) => [path.isAbsolute(file) ? file : at(file), ids])));
  const clusters: Record<string, string[]> = {};
  for (const [file, names] of grouping.clustersOf) for (const name of names) (clusters[name] ??= []).push(path.relative(ROOT, file));
  for (const list of Object.values(clusters)) list.sort();
  return clusters;
}

describe('grouping the workspace into clusters', () => {
  test('folders that define the same object are separate applications; the split is decided again inside each', () => {
    assert.deepEqual(
      group({
        'guestbook/frontend.yaml': ['/Service/default/frontend'],
        'boutique/app/frontend.yaml': ['/Service/default/frontend'],
        'boutique/policies/frontend.yaml': ['networking.k8s.io/NetworkPolicy/default/frontend'],
        'all-in-one.yaml': ['/Service/default/redis'],
        'mkdocs.yml': [],
      }),
      // An object at the top keeps the folder whole; a file that defines nothing (mkdocs.yml) would not.
      { default: ['all-in-one.yaml', 'boutique/app/frontend.yaml', 'boutique/policies/frontend.yaml', 'guestbook/frontend.yaml', 'mkdocs.yml'] },
    );
    assert.deepEqual(
      group({
        'guestbook/frontend.yaml': ['/Service/default/frontend'],
        'boutique/app/frontend.yaml': ['/Service/default/frontend'],
        'boutique/policies/frontend.yaml': ['networking.k8s.io/NetworkPolicy/default/frontend'],
        'podinfo/deploy.yaml': ['apps/Deployment/default/podinfo'],
        '.github/workflows/ci.yaml': [],
      }),
      { boutique: ['boutique/app/frontend.yaml', 'boutique/policies/frontend.yaml'], guestbook: ['guestbook/frontend.yaml'], podinfo: ['podinfo/deploy.yaml'] },
      'a folder that defines nothing is no application, and joins no cluster',
    );
  });

  test('a folder is grouped the same whether opened alone or inside a larger workspace', () => {
    const boutique = { 'boutique/app/frontend.yaml': ['/Service/default/frontend'], 'boutique/policies/deny.yaml': ['networking.k8s.io/NetworkPolicy/default/deny'] };
    const alone = groupClusters([at('boutique')], {}, new Map(Object.entries(boutique).map(([file, ids]) => [at(file), ids])));
    assert.deepEqual([...new Set([...alone.clustersOf.values()].flat())], ['default'], 'alone, its two folders do not collide: one cluster');
    assert.deepEqual(group({ ...boutique, 'guestbook/frontend.yaml': ['/Service/default/frontend'] })['boutique'], Object.keys(boutique));
  });

  test('overlays that redefine the same objects are alternatives, each a cluster; a Namespace declared in both is no reason to split', () => {
    assert.deepEqual(group({ 'prod/web.yaml': ['/Service/shop/web'], 'staging/web.yaml': ['/Service/shop/web'] }), { prod: ['prod/web.yaml'], staging: ['staging/web.yaml'] });
    assert.deepEqual(group({ 'app/ns.yaml': ['/Namespace//shop'], 'policies/ns.yaml': ['/Namespace//shop'] }), { default: ['app/ns.yaml', 'policies/ns.yaml'] });
  });

  test('a folder with a kubetrace.yaml is a cluster root of its own, and is never split', () => {
    const clusters = group({
      'apps/shop/kubetrace.yaml': [],
      'apps/shop/a/web.yaml': ['/Service/shop/web'],
      'apps/shop/b/web.yaml': ['/Service/shop/web'],
      'apps/other/web.yaml': ['/Service/other/web'],
    });
    assert.deepEqual(clusters, { 'apps/shop': ['apps/shop/a/web.yaml', 'apps/shop/b/web.yaml'], default: ['apps/other/web.yaml'] });
  });

  test('a folder holding a kustomization is built as one and never split, though its parts redefine objects', () => {
    const files = {
      'base/kustomization.yaml': [],
      'base/controller/statefulset.yaml': ['apps/StatefulSet/default/controller', '/Service/default/controller'],
      'base/controller-deployment/deployment.yaml': ['apps/Deployment/default/controller', '/Service/default/controller'],
      'base/server/policy.yaml': ['networking.k8s.io/NetworkPolicy/default/server'],
      'ha/kustomization.yaml': [],
      'ha/patch.yaml': ['apps/StatefulSet/default/controller'],
    };
    assert.deepEqual(group(files), {
      base: ['base/controller-deployment/deployment.yaml', 'base/controller/statefulset.yaml', 'base/kustomization.yaml', 'base/server/policy.yaml'],
      ha: ['ha/kustomization.yaml', 'ha/patch.yaml'],
    });
  });

  test('the kubetrace.clusters setting decides alone', () => {
    assert.deepEqual(group({ 'prod/web.yaml': ['/Service/shop/web'], 'staging/web.yaml': ['/Service/shop/web'] }, [ROOT], { all: ['prod', 'staging'] }), { all: ['prod/web.yaml', 'staging/web.yaml'] });
  });

  test('several workspace folders split like subfolders, named by the folder', () => {
    const clusters = group({ '/elsewhere/a/web.yaml': ['/Service/shop/web'], 'web.yaml': ['/Service/shop/web'] }, [ROOT, path.resolve('/elsewhere/a')]);
    assert.deepEqual(Object.keys(clusters).sort(), ['a', 'repo']);
  });
});
