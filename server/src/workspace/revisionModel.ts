import { pathToFileURL } from 'node:url';
import type { ClusterProfile, KubeObject } from '../engine';
import { checkoutRevision, commitOfRevision } from './gitRevision';
import type { WorkspaceSettings } from './settings';
import { WorkspaceSession } from './workspaceSession';

/** A workspace folder as committed at a revision: its cluster models, and how to tell its unchanged files. */
export interface RevisionModel {
  /** `HEAD (1a2b3c4d5e6f)`: the revision as asked and the commit read. */
  readonly label: string;
  readonly commit: string;
  cluster(name: string): { readonly objects: readonly KubeObject[]; readonly profile: ClusterProfile } | undefined;
  /** Where a line of this revision's files is for the editor: `kubetrace-revision:/COMMIT/path/in/repository`. */
  relocate(uri: string): string;
  /** Whether an object of this revision and one of the workspace now come from one file with the same content. */
  sameFile(base: KubeObject, head: KubeObject, headHash: (uri: string) => string | undefined): boolean;
}

/**
 * Reads a workspace folder as committed at a revision (in-process, through gitRevision.ts) into cluster models, the
 * way the workspace itself is read, under the same settings. The files go to a temporary folder, removed once read.
 * The last model read is kept while the revision names the same commit.
 */
export class RevisionModels {
  private last: { key: string; model: RevisionModel } | undefined;

  async load(folder: string, revision: string, settings: WorkspaceSettings): Promise<RevisionModel> {
    const commit = await commitOfRevision(folder, revision);
    const key = `${folder}\n${commit}\n${JSON.stringify(settings)}`;
    if (this.last?.key === key) return { ...this.last.model, label: `${revision} (${commit})` };
    const checkout = await checkoutRevision(folder, revision);
    try {
      const session = new WorkspaceSession([checkout.folder], settings);
      await session.load();
      const clusters = new Map(session.model.clusters().map((cluster) => [cluster.name, { objects: [...cluster.objects], profile: session.profileOf(cluster.name) }]));
      const baseRoot = pathToFileURL(checkout.folder).href;
      const headRoot = pathToFileURL(folder).href;
      const hashes = new Map([...clusters.values()].flatMap((cluster) => cluster.objects.map((object) => [object.uri, session.model.contentHashOf(object.uri)] as const)));
      const model: RevisionModel = {
        label: `${revision} (${checkout.commit})`,
        commit: checkout.commit,
        cluster: (name) => clusters.get(name),
        relocate: (uri) => (uri === baseRoot || uri.startsWith(`${baseRoot}/`) ? revisionUri(checkout.commit, [checkout.pathInRepository, decodeURIComponent(uri.slice(baseRoot.length + 1))].filter(Boolean).join('/')) : uri),
        sameFile: (base, head, headHash) => {
          if (!base.uri.startsWith(baseRoot) || !head.uri.startsWith(headRoot) || base.uri.slice(baseRoot.length) !== head.uri.slice(headRoot.length)) return false;
          const hash = hashes.get(base.uri);
          return hash !== undefined && hash === headHash(head.uri);
        },
      };
      this.last = { key, model };
      return model;
    } finally {
      checkout.remove();
    }
  }
}

/** The scheme the editor opens a revision's file under (the client reads it with kubetrace/fileAtRevision). */
const REVISION_SCHEME = 'kubetrace-revision';

/** The commit and the path in the repository a `kubetrace-revision:` URI names; undefined for any other. */
export function readRevisionUri(uri: string): { readonly commit: string; readonly pathInRepository: string } | undefined {
  const match = new RegExp(`^${REVISION_SCHEME}:/([0-9a-f]{4,40})/(.+)$`).exec(uri);
  if (!match) return undefined;
  const pathInRepository = match[2]!.split('/').map(decodeURIComponent).join('/');
  return pathInRepository.split('/').some((part) => part === '..' || part === '') ? undefined : { commit: match[1]!, pathInRepository };
}

function revisionUri(commit: string, pathInRepository: string): string {
  return `${REVISION_SCHEME}:/${commit}/${pathInRepository.split('/').map(encodeURIComponent).join('/')}`;
}
