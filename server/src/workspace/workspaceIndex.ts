import { createHash } from 'node:crypto';
import type { Problem } from '../engine/problem';
import { ClusterAssembly, type ClusterModel } from '../model/clusterModel';
import { parseManifest, type ParsedFile } from '../model/parseManifest';
import { ChangeJournal } from './changeJournal';

/** The hash a file's content is known by, here and in the warm-start cache. */
export function contentHash(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/** What a notice (a file read as no objects) is known by. */
export function noticeHash(problem: Problem): string {
  return `notice:${problem.message}`;
}

/** One hash for a whole set of files: their URIs and content hashes, in URI order. */
export function fingerprintOf(hashes: Iterable<readonly [string, string]>): string {
  const hash = createHash('sha1');
  for (const [uri, fileHash] of [...hashes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) hash.update(`${uri}\n${fileHash}\n`);
  return hash.digest('hex');
}

/** Clusters' problems by file; a finding that several clusters report (a file in each) counts once. */
export function problemsByFile(perCluster: readonly (readonly Problem[])[]): Map<string, Problem[]> {
  const seen = perCluster.length > 1 ? new Set<string>() : undefined;
  const byFile = new Map<string, Problem[]>();
  for (const problems of perCluster) {
    for (const problem of problems) {
      if (seen) {
        const key = JSON.stringify(problem);
        if (seen.has(key)) continue;
        seen.add(key);
      }
      const list = byFile.get(problem.uri);
      if (list) list.push(problem);
      else byFile.set(problem.uri, [problem]);
    }
  }
  return byFile;
}

/** A file's problems with more of them after; the same list when there are none, so an unchanged file keeps its list. */
export function withProblems(problems: readonly Problem[], more: readonly Problem[] | undefined): readonly Problem[] {
  return more?.length ? [...problems, ...more] : problems;
}

interface IndexedFile {
  readonly contentHash: string;
  readonly parsed: ParsedFile;
  readonly clusters: readonly string[];
}

/**
 * The parsed form of every manifest file, kept current one file at a time. Only plain data is kept:
 * no YAML document outlives the parse. Cluster models are assembled on demand and reused until a file changes.
 */
export class WorkspaceIndex {
  private readonly files = new Map<string, IndexedFile>();
  /** Cluster models by name, each kept current file by file: a cluster no change touched keeps its model object. */
  private readonly assemblies = new Map<string, ClusterAssembly>();
  /** The files set or deleted, for readers that work from the last state they saw (the analysis). */
  readonly changes = new ChangeJournal();

  constructor(private readonly clustersOf: (uri: string) => readonly string[]) {}

  /** Reads `text` as the content of `uri`; a file whose content did not change is not parsed again. */
  setText(uri: string, text: string, hash: string = contentHash(text)): void {
    if (this.files.get(uri)?.contentHash === hash) return;
    this.setParsed(uri, parseManifest(uri, text), hash);
  }

  /** A file the model does not read (too large, unreadable) but still reports on. */
  setNotice(uri: string, problem: Problem): void {
    this.setParsed(uri, { uri, objects: [], problems: [problem] }, noticeHash(problem));
  }

  /** How many objects the cluster models hold. */
  objectCount(): number {
    return this.clusters().reduce((count, cluster) => count + cluster.objects.length, 0);
  }

  /** The fingerprint of everything the index holds: equal fingerprints, equal models. */
  fingerprint(): string {
    return fingerprintOf([...this.files].map(([uri, file]) => [uri, file.contentHash] as const));
  }

  delete(uri: string): boolean {
    const existing = this.files.get(uri);
    if (!existing) return false;
    this.files.delete(uri);
    this.changes.record(uri);
    for (const cluster of existing.clusters) this.leave(cluster, uri);
    return true;
  }

  has(uri: string): boolean {
    return this.files.has(uri);
  }

  uris(): string[] {
    return [...this.files.keys()].sort();
  }

  parsedFile(uri: string): ParsedFile | undefined {
    return this.files.get(uri)?.parsed;
  }

  /** The cluster models, sorted by name. A cluster no change touched is the same object as before, so caches keyed by it stay valid. */
  clusters(): readonly ClusterModel[] {
    return [...this.assemblies.values()].map((assembly) => assembly.model()).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Every problem the model finds, by file: the file's own, then those only its clusters show (an object defined twice). */
  problemsByUri(): Map<string, readonly Problem[]> {
    const model = problemsByFile(this.clusters().map((cluster) => cluster.problems));
    const byUri = new Map<string, readonly Problem[]>();
    for (const [uri, file] of this.files) byUri.set(uri, withProblems(file.parsed.problems, model.get(uri)));
    return byUri;
  }

  private setParsed(uri: string, parsed: ParsedFile, contentHash: string): void {
    const clusters = this.clustersOf(uri);
    for (const cluster of this.files.get(uri)?.clusters ?? []) if (!clusters.includes(cluster)) this.leave(cluster, uri);
    this.files.set(uri, { contentHash, parsed, clusters });
    this.changes.record(uri);
    for (const cluster of clusters) {
      let assembly = this.assemblies.get(cluster);
      if (!assembly) {
        assembly = new ClusterAssembly(cluster);
        this.assemblies.set(cluster, assembly);
      }
      assembly.set(parsed);
    }
  }

  /** A file is no longer in a cluster; a cluster left with no file is gone. */
  private leave(cluster: string, uri: string): void {
    const assembly = this.assemblies.get(cluster);
    assembly?.delete(uri);
    if (assembly?.size === 0) this.assemblies.delete(cluster);
  }
}
