import { checkNodeRoom, checkObjects, type ClusterSnapshot, type KubeObject, objectsToRecheck, prepareForEdits, type Problem, snapshotChange, sortedFindings, sortedFindingsAfter } from '../engine';

interface Checked {
  readonly snapshot: ClusterSnapshot;
  readonly findings: ReadonlyMap<KubeObject, readonly Problem[]>;
  /** The findings in document order (sortedFindings). */
  readonly sorted: readonly Problem[];
  readonly problems: readonly Problem[];
}

/**
 * The engine's findings about each cluster's latest snapshot. A snapshot made from the one checked before
 * (updateSnapshot) is checked only for the objects the change may have affected; the others keep their findings.
 */
export class ClusterChecks {
  private readonly latest = new Map<string, Checked>();

  problemsOf(cluster: string, snapshot: ClusterSnapshot): readonly Problem[] {
    const last = this.latest.get(cluster);
    if (last?.snapshot === snapshot) return last.problems;
    const change = snapshotChange(snapshot);
    let findings: ReadonlyMap<KubeObject, readonly Problem[]>;
    let sorted: readonly Problem[];
    if (last && change?.previous === last.snapshot) {
      const recheck = objectsToRecheck(snapshot, change);
      const fresh = checkObjects(snapshot, recheck);
      // The objects that went have no findings now; those checked again have the fresh ones.
      const gone = [...change.changed, ...recheck];
      const merged = new Map(last.findings);
      for (const object of gone) merged.delete(object);
      for (const [object, problems] of fresh) merged.set(object, problems);
      findings = merged;
      sorted = sortedFindingsAfter(last.sorted, last.findings, gone, fresh);
    } else {
      findings = checkObjects(snapshot);
      sorted = sortedFindings(findings);
    }
    const checked = { snapshot, findings, sorted, problems: [...sorted, ...checkNodeRoom(snapshot)] };
    this.latest.set(cluster, checked);
    return checked.problems;
  }

  /**
   * Works out who reads what in the snapshots last checked, which an edit's recheck carries over (about 135 ms at
   * 10,000 applications), and in a snapshot built afresh who reads the pods of `namespaces` (the open documents', asked
   * only then: listing them goes through every object of the open files). The server calls it once an analysis's
   * diagnostics are sent, so that the first edit does not pay it; the CLI's one check never needs it.
   */
  indexForEdits(namespaces: () => ReadonlySet<string> = () => new Set()): void {
    let open: ReadonlySet<string> | undefined;
    // A snapshot an edit made carries the pod readers of the one before: only one built afresh needs the namespaces.
    for (const { snapshot } of this.latest.values()) prepareForEdits(snapshot, snapshotChange(snapshot) ? [] : (open ??= namespaces()));
  }
}
