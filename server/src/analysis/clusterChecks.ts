import { checkNodeRoom, checkObjects, type ClusterSnapshot, indexReaders, type KubeObject, objectsToRecheck, type Problem, snapshotChange, sortedFindings } from '../engine';

interface Checked {
  readonly snapshot: ClusterSnapshot;
  readonly findings: ReadonlyMap<KubeObject, readonly Problem[]>;
  readonly problems: readonly Problem[];
}

/**
 * The engine's findings about each cluster's latest snapshot. A snapshot made from the one checked before
 * (updateSnapshot) is checked only for the objects the change may have affected; the others keep their findings.
 */
export class ClusterChecks {
  private readonly latest = new Map<string, Checked>();

  /** `edits`: whether checks of later snapshots follow (the server), so a full check indexes who reads what for them; the CLI's one check does not. */
  constructor(private readonly edits = true) {}

  problemsOf(cluster: string, snapshot: ClusterSnapshot): readonly Problem[] {
    const last = this.latest.get(cluster);
    if (last?.snapshot === snapshot) return last.problems;
    const change = snapshotChange(snapshot);
    let findings: ReadonlyMap<KubeObject, readonly Problem[]>;
    if (last && change?.previous === last.snapshot) {
      const recheck = objectsToRecheck(snapshot, change);
      const fresh = checkObjects(snapshot, recheck);
      // The objects that went have no findings now; those checked again have the fresh ones.
      const merged = new Map(last.findings);
      for (const object of [...change.changed, ...recheck]) merged.delete(object);
      for (const [object, problems] of fresh) merged.set(object, problems);
      findings = merged;
    } else {
      findings = checkObjects(snapshot);
      if (this.edits) indexReaders(snapshot);
    }
    const checked = { snapshot, findings, problems: [...sortedFindings(findings), ...checkNodeRoom(snapshot)] };
    this.latest.set(cluster, checked);
    return checked.problems;
  }
}
