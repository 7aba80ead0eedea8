import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { DEFAULT_SETTINGS } from '../../../server/src/workspace/settings';
import { WorkspaceSession } from '../../../server/src/workspace/workspaceSession';
import { useTempTrees } from '../../support/fixtures';

const service = (name: string, namespace?: string) =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n${namespace ? `  namespace: ${namespace}\n` : ''}spec:\n  ports: [{port: 80}]\n`;

describe('cluster models in the editor: applications, cluster roots and their profiles', () => {
  const tree = useTempTrees();
  const uri = (root: string, relative: string) => pathToFileURL(path.join(root, relative)).href;
  const clusters = (session: WorkspaceSession) =>
    session.model.clusters().map((cluster) => [cluster.name, cluster.objects.map((object) => `${object.id.namespace ?? ''}/${object.id.name}`)]);

  test('applications that collide are separate clusters, and an edit that ends the collision joins them again', async () => {
    const root = tree({ 'guestbook/web.yaml': service('frontend'), 'shop/web.yaml': service('frontend') });
    const session = new WorkspaceSession([root], DEFAULT_SETTINGS);
    await session.load();
    assert.deepEqual(clusters(session), [
      ['guestbook', ['default/frontend']],
      ['shop', ['default/frontend']],
    ]);
    assert.deepEqual([...session.model.problemsByUri().values()].flat(), [], 'no duplicate across applications');
    session.setOpenDocument(uri(root, 'shop/web.yaml'), service('storefront'));
    assert.deepEqual(clusters(session), [['default', ['default/frontend', 'default/storefront']]]);
    session.setOpenDocument(uri(root, 'shop/web.yaml'), service('frontend'));
    assert.deepEqual(clusters(session).map(([name]) => name), ['guestbook', 'shop']);
  });

  test('a folder with a kubetrace.yaml is a cluster with its own profile, whose namespace places objects naming none', async () => {
    const root = tree({
      'kubetrace.yaml': 'clusterDomain: corp.local\n',
      'argocd/kubetrace.yaml': 'namespace: argocd\n',
      'argocd/install.yaml': service('argocd-server') + '---\n' + service('pinned', 'elsewhere'),
      'shop/web.yaml': service('web', 'shop'),
    });
    const session = new WorkspaceSession([root], DEFAULT_SETTINGS);
    await session.load();
    assert.deepEqual(clusters(session), [
      ['argocd', ['argocd/argocd-server', 'elsewhere/pinned']],
      ['default', ['shop/web']],
    ]);
    assert.equal(session.profileOf('argocd').namespace, 'argocd');
    assert.equal(session.profileOf('argocd').clusterDomain, 'cluster.local', 'a cluster root\'s profile is its own file');
    assert.equal(session.profileOf('default').clusterDomain, 'corp.local');
    // Editing the profile moves the objects without a namespace.
    session.setOpenDocument(uri(root, 'argocd/kubetrace.yaml'), 'namespace: gitops\n');
    await session.reloadProfile();
    assert.deepEqual(clusters(session)[0], ['argocd', ['gitops/argocd-server', 'elsewhere/pinned']]);
  });
});
