import { createHash } from 'node:crypto';
import type { Problem } from '../engine/problem';
import { assembleCluster, type ClusterModel } from '../model/clusterModel';
import { parseManifest, type ParsedFile } from '../model/parseManifest';

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
  private assembled: readonly ClusterModel[] | undefined;

  constructor(private readonly clustersOf: (uri: string) => readonly string[]) {}

  /** Reads `text` as the content of `uri`; a file whose content did not change is not parsed again. */
  setText(uri: string, text: string): void {
    const contentHash = createHash('sha1').update(text).digest('hex');
    if (this.files.get(uri)?.contentHash === contentHash) return;
    this.setParsed(uri, parseManifest(uri, text), contentHash);
  }

  /** A file the model does not read (too large, unreadable) but still reports on. */
  setNotice(uri: string, problem: Problem): void {
    this.setParsed(uri, { uri, objects: [], problems: [problem] }, `notice:${problem.message}`);
  }

  delete(uri: string): boolean {
    const existed = this.files.delete(uri);
    if (existed) this.assembled = undefined;
    return existed;
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

  clusters(): readonly ClusterModel[] {
    if (!this.assembled) {
      const byCluster = new Map<string, ParsedFile[]>();
      for (const file of this.files.values()) {
        for (const cluster of file.clusters) {
          const members = byCluster.get(cluster) ?? [];
          members.push(file.parsed);
          byCluster.set(cluster, members);
        }
      }
      this.assembled = [...byCluster.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, members]) => assembleCluster(name, members));
    }
    return this.assembled;
  }

  /** Every problem, by file: the file's own and those its clusters found in it. */
  problemsByUri(): Map<string, Problem[]> {
    const byUri = new Map<string, Problem[]>();
    for (const [uri, file] of this.files) byUri.set(uri, [...file.parsed.problems]);
    const seen = new Set<string>();
    for (const cluster of this.clusters()) {
      for (const problem of cluster.problems) {
        const key = JSON.stringify(problem);
        if (seen.has(key)) continue;
        seen.add(key);
        byUri.get(problem.uri)?.push(problem);
      }
    }
    return byUri;
  }

  private setParsed(uri: string, parsed: ParsedFile, contentHash: string): void {
    this.files.set(uri, { contentHash, parsed, clusters: this.clustersOf(uri) });
    this.assembled = undefined;
  }
}
