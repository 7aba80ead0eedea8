import { firstAfter, type Problem, type ProblemCode } from '../engine';
import type { ClusterModel } from '../model/clusterModel';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';

/** A kustomization of a cluster that changes names, namespaces or labels, with the keys that do. */
export interface UnrenderedKustomization {
  readonly uri: string;
  readonly transforms: readonly string[];
}

/**
 * Findings that hold only if the objects keep the names, namespaces and labels written in their files: duplicates
 * (a patch is a partial copy), selectors, references by name and connection strings. Values the API server
 * rejects stay as they are.
 */
export const NAME_AND_LABEL_FINDINGS: ReadonlySet<ProblemCode> = new Set<ProblemCode>(['KT004', 'KT101', 'KT102', 'KT103', 'KT108', 'KT201', 'KT202', 'KT203', 'KT208', 'KT301', 'KT302', 'KT303', 'KT304', 'KT305', 'KT401', 'KT402']);

const START = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** The kustomizations among a cluster's files that transform what they build. */
export function unrenderedKustomizations(cluster: ClusterModel, index: WorkspaceIndex): UnrenderedKustomization[] {
  const found: UnrenderedKustomization[] = [];
  // The cluster's files are sorted: a binary search each, not a look at every file.
  for (const [uri, transforms] of index.kustomizations()) if (cluster.files[firstAfter(cluster.files, (file) => file < uri)] === uri) found.push({ uri, transforms });
  return found;
}

const hedged = new WeakMap<readonly Problem[], { readonly key: string; readonly problems: readonly Problem[] }>();

/**
 * Kustomize is not rendered yet: in a cluster whose kustomization sets a namespace, a name prefix, labels or patches,
 * a finding about names, namespaces or labels may not hold for what `kustomize build` makes. Such findings become
 * information that says so and links the kustomization, instead of warnings the build may prove wrong.
 */
export function hedgeForKustomize(problems: readonly Problem[], kustomizations: readonly UnrenderedKustomization[]): readonly Problem[] {
  if (kustomizations.length === 0 || problems.length === 0) return problems;
  const key = JSON.stringify(kustomizations);
  const known = hedged.get(problems);
  if (known?.key === key) return known.problems;
  const result = problems.map((problem) => {
    if (!NAME_AND_LABEL_FINDINGS.has(problem.code)) return problem;
    const kustomization = nearest(problem.uri, kustomizations);
    const file = decodeURIComponent(kustomization.uri.slice(kustomization.uri.lastIndexOf('/', kustomization.uri.lastIndexOf('/') - 1) + 1));
    return {
      ...problem,
      severity: 'information' as const,
      message: `${problem.message} (As written: Kubetrace does not render Kustomize yet, and ${file} sets ${kustomization.transforms.join(', ')}, which may change this once built.)`,
      related: [...(problem.related ?? []), { uri: kustomization.uri, range: START, message: `sets ${kustomization.transforms.join(', ')}` }],
    };
  });
  hedged.set(problems, { key, problems: result });
  return result;
}

/** The kustomization in the finding's folder or the nearest above it, else the first of the cluster. */
function nearest(uri: string, kustomizations: readonly UnrenderedKustomization[]): UnrenderedKustomization {
  const folderOf = (file: string) => file.slice(0, file.lastIndexOf('/') + 1);
  const above = kustomizations.filter((candidate) => uri.startsWith(folderOf(candidate.uri)));
  return above.sort((a, b) => b.uri.length - a.uri.length)[0] ?? kustomizations[0]!;
}
