import { pathToFileURL } from 'node:url';
import { buildSnapshot, connectivityDiff, DEFAULT_PROFILE, relocateBaseLines, type ConnectivityDiff, type KubeObject } from '../engine';
import { UsageError } from './arguments';
import { diffJson, diffMarkdown, diffText, effectOf } from '../features/connectivityReport';
import { displayPath } from './paths';
import type { CliWorkspace } from './openWorkspace';

export const DIFF_HELP = `Usage: kubetrace diff [options] BASE HEAD
       kubetrace diff [options] PATH --git REV

What a change does to connectivity: the connections whose verdict differs between two versions of the
manifests (source → destination, port, verdict before → after, and the policy rule that decided on each
side), the Ingress, HTTPRoute and Istio VirtualService routes whose backend changes, and the Services and DNS
names that come or go.

BASE and HEAD are folders (or files). With --git REV, BASE is PATH as committed at REV (a branch, a tag, HEAD,
HEAD~N or a commit of the git repository holding PATH, read in-process: no git program runs) and HEAD is PATH
as it is now; --git A..B compares two revisions.

Exit status: 0, or 1 when --fail-on finds what it names; 2 on a usage or I/O error.

Options:
  --git REV              compare PATH at REV with PATH now
  --format F             text (default), json (schemas/diff.schema.json) or markdown (a pull-request comment)
  --fail-on WHAT         new-exposure: exit 1 when a connection is opened; any: exit 1 on any change
  --cluster NAME         compare only this cluster model (the PATHs may hold several)
  --profile FILE         the cluster profile of both sides (default: each side's kubetrace.yaml)
  --exclude GLOB         skip files matching GLOB (repeatable)
  -h, --help             show this help
`;

export type DiffFormat = 'text' | 'json' | 'markdown';

export interface DiffCommandOptions {
  readonly format: DiffFormat;
  /** What each side is, for the report's first line: a folder, or a revision and its commit. */
  readonly sides?: { readonly base: string; readonly head: string };
  readonly failOn?: 'new-exposure' | 'any';
  readonly cluster?: string;
}

export function readDiffFormat(format: string | undefined): DiffFormat {
  if (format === undefined) return 'text';
  if (format !== 'text' && format !== 'json' && format !== 'markdown') throw new UsageError(`--format must be text, json or markdown, not ${format}`);
  return format;
}

export function readFailOn(value: string | undefined): DiffCommandOptions['failOn'] {
  if (value === undefined) return undefined;
  if (value !== 'new-exposure' && value !== 'any') throw new UsageError(`--fail-on must be new-exposure or any, not ${value}`);
  return value;
}

/**
 * Compares the two sides cluster model by cluster model (the one named, or each name either side holds; a cluster
 * on one side only is compared with an empty one) and prints the report; `place` rewrites the paths a side's
 * reasons name (a git revision's files are read into a temporary folder).
 */
export function runDiff(before: CliWorkspace, after: CliWorkspace, options: DiffCommandOptions, out: (text: string) => void, roots?: { readonly base: string; readonly head: string; readonly revision?: { readonly name: string; readonly pathInRepository: string } }): number {
  // An object of a file whose text is the same on both sides (same path under each root, same hash) is the same object.
  const knownSame = roots ? sameFileObjects(before, after, pathToFileURL(roots.base).href, pathToFileURL(roots.head).href) : undefined;
  const names = [...new Set([...before.index.clusters(), ...after.index.clusters()].map((cluster) => cluster.name))].sort();
  if (options.cluster !== undefined && !names.includes(options.cluster)) throw new UsageError(`no cluster named ${options.cluster}; the sides hold ${names.join(', ')}`);
  const chosen = options.cluster !== undefined ? [options.cluster] : names;
  const diffs: { cluster: string; diff: ConnectivityDiff }[] = chosen.map((name) => {
    const side = (workspace: CliWorkspace) => {
      const cluster = workspace.index.clusters().find((candidate) => candidate.name === name);
      return buildSnapshot(cluster?.objects ?? [], cluster ? workspace.profileOf(name) : DEFAULT_PROFILE);
    };
    const diff = connectivityDiff(side(before), side(after), knownSame ? { knownSame } : {});
    // A revision's files were read from a temporary folder: its lines are named REVISION:path/in/the/repository.
    const revision = roots?.revision;
    const baseRoot = revision ? pathToFileURL(roots!.base).href : undefined;
    const inRepository = (uri: string) => [revision!.pathInRepository, decodeURIComponent(uri.slice(baseRoot!.length + 1))].filter(Boolean).join('/');
    return { cluster: name, diff: baseRoot ? relocateBaseLines(diff, (uri) => (uri === baseRoot ? `${revision!.name}:${revision!.pathInRepository}` : uri.startsWith(`${baseRoot}/`) ? `${revision!.name}:${inRepository(uri)}` : uri)) : diff };
  });
  const several = diffs.length > 1;
  const heading = options.sides ? `base: ${options.sides.base} · head: ${options.sides.head}\n` : '';
  const sides = options.sides ? { base: options.sides.base, head: options.sides.head } : {};
  if (options.format === 'json') out(`${JSON.stringify(several ? { ...sides, clusters: diffs.map(({ cluster, diff }) => ({ cluster, ...diffJson(diff) })) } : { ...sides, ...(diffs[0] ? diffJson(diffs[0].diff) : {}) }, null, 2)}\n`);
  else if (options.format === 'markdown') out((heading ? `${heading.trim()}\n\n` : '') + diffs.map(({ cluster, diff }) => (several ? `## Cluster \`${cluster}\`\n\n` : '') + diffMarkdown(diff)).join('\n'));
  else out(heading + diffs.map(({ cluster, diff }) => (several ? `cluster ${cluster}: ` : '') + diffText(diff, (uri) => (uri.startsWith('file:') ? displayPath(uri) : uri))).join('\n'));
  const all = diffs.map(({ diff }) => diff);
  if (options.failOn === 'any' && all.some((diff) => diff.connections.length + diff.routes.length + diff.services.added.length + diff.services.removed.length > 0)) return 1;
  if (options.failOn === 'new-exposure' && all.some((diff) => diff.connections.some((change) => effectOf(change) === 'opened'))) return 1;
  return 0;
}


/** Whether two objects come from one file unchanged: its path under each side's root URI, and its content hash, are the same. */
function sameFileObjects(before: CliWorkspace, after: CliWorkspace, baseRoot: string, headRoot: string): (a: KubeObject, b: KubeObject) => boolean {
  return (a, b) => {
    if (!a.uri.startsWith(baseRoot) || !b.uri.startsWith(headRoot) || a.uri.slice(baseRoot.length) !== b.uri.slice(headRoot.length)) return false;
    const hash = before.index.contentHashOf(a.uri);
    return hash !== undefined && hash === after.index.contentHashOf(b.uri);
  };
}
