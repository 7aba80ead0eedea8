import { buildSnapshot, connectivityDiff, DEFAULT_PROFILE, relocateBaseLines, type ClusterSnapshot, type ConnectivityDiff } from '../engine';
import type { ClusterModel } from '../model/clusterModel';
import { fileAtRevision } from '../workspace/gitRevision';
import { RevisionModels } from '../workspace/revisionModel';
import type { WorkspaceSettings } from '../workspace/settings';

/** What the editor compares: the cluster model as it is now (unsaved buffers included) against a revision. */
export interface ComparedCluster {
  readonly folder: string;
  readonly cluster: ClusterModel | undefined;
  readonly snapshot: ClusterSnapshot;
  readonly settings: WorkspaceSettings;
  readonly contentHashOf: (uri: string) => string | undefined;
}

/**
 * Compares a cluster model with the same cluster as committed at a revision of its workspace folder: the revision's
 * model is read once per commit (RevisionModels), and the last comparison is kept while neither side changed.
 */
export class ConnectivityComparison {
  private readonly revisions = new RevisionModels();
  private reading: Promise<void> | undefined;
  /** The file, revision and text last found the same as committed: no lens to show for it. */
  private unchanged: string | undefined;
  private last: { snapshot: ClusterSnapshot; revision: string; commit: string; cluster: string; result: { label: string; diff: ConnectivityDiff } } | undefined;

  /**
   * The comparison with a revision if it can be answered now (its model was read), else undefined, and the model is
   * read in the background when the `edited` file differs from the revision: `ready` is called once it is read, so
   * that what asked may ask again. A folder outside a repository answers undefined.
   */
  compareIfRead(current: ComparedCluster, revision: string, ready: () => void, edited: { readonly path: string; readonly text: string }): { readonly label: string; readonly diff: ConnectivityDiff } | undefined {
    if (this.last && this.last.snapshot === current.snapshot && this.last.revision === revision && this.last.cluster === (current.cluster?.name ?? 'default')) return this.last.result;
    const key = `${edited.path}\n${revision}\n${edited.text}`;
    if (this.unchanged === key) return undefined;
    if (!this.reading) {
      // The revision's whole model is read only where the file itself differs from it: a lens must not double the memory for nothing.
      this.reading = fileAtRevision(edited.path, revision)
        .then(async (committed) => {
          if (committed === edited.text) {
            this.unchanged = key;
            return;
          }
          await this.compare(current, revision);
          ready();
        })
        .catch(() => undefined)
        .finally(() => {
          this.reading = undefined;
        });
    }
    return undefined;
  }

  async compare(current: ComparedCluster, revision: string): Promise<{ readonly label: string; readonly diff: ConnectivityDiff }> {
    const model = await this.revisions.load(current.folder, revision, current.settings);
    const name = current.cluster?.name ?? 'default';
    if (this.last && this.last.snapshot === current.snapshot && this.last.commit === model.commit && this.last.cluster === name) {
      this.last = { ...this.last, revision, result: { ...this.last.result, label: model.label } };
      return this.last.result;
    }
    const base = model.cluster(name);
    const before = buildSnapshot(base?.objects ?? [], base?.profile ?? DEFAULT_PROFILE);
    // The revision's lines are named for the editor to open that version (its files were read from a temporary folder).
    const diff = relocateBaseLines(connectivityDiff(before, current.snapshot, { knownSame: (a, b) => model.sameFile(a, b, current.contentHashOf) }), (uri) => model.relocate(uri));
    const result = { label: model.label, diff };
    this.last = { snapshot: current.snapshot, revision, commit: model.commit, cluster: name, result };
    return result;
  }
}
