import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { identityKey, type KubeObject, type Problem, type TextPosition } from '../engine';
import { ClusterAssembly, type ClusterModel } from '../model/clusterModel';
import { ManifestDocuments } from '../model/manifestDocuments';
import { parseManifest, type ParsedFile } from '../model/parseManifest';
import type { TextChange } from '../model/pieceText';
import type { SkipReason } from '../model/toolFiles';
import { ChangeJournal } from './changeJournal';
import { inputUrisOf, type KustomizeBuild, type KustomizeBuilds } from './kustomizeBuilds';

const NO_OBJECTS: readonly KubeObject[] = [];

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

/** Each object's identity, made once: an edit of one document of a large file sets every object of the file again. */
const identityOfObject = new WeakMap<KubeObject, string>();

/** What a file defines, which decides how files group into clusters. */
function groupingIdentities(parsed: ParsedFile, known?: { readonly parsed: ParsedFile; readonly identities: readonly string[] }): readonly string[] {
  // An edit of one document keeps the file's other objects where they were: their identities are those of before.
  const before = known?.parsed.objects.length === parsed.objects.length ? known.parsed.objects : undefined;
  return parsed.objects.map((object, index) => {
    if (before?.[index] === object) return known!.identities[index]!;
    let identity = identityOfObject.get(object);
    if (identity === undefined) identityOfObject.set(object, (identity = identityKey(object.id)));
    return identity;
  });
}

/** Whether two lists hold the same items in the same order (the same objects, not equal ones). */
export function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index]);
}

/** A file's problems with more of them after; the same list when there are none, so an unchanged file keeps its list. */
export function withProblems(problems: readonly Problem[], more: readonly Problem[] | undefined): readonly Problem[] {
  return more?.length ? [...problems, ...more] : problems;
}

interface IndexedFile {
  /** Worked out when asked for: an edit of a large file should not wait for the hash of its whole text. */
  readonly contentHash: () => string;
  /** Of a file an editor has open: its documents, so that an edit reads only those it changed. */
  readonly documents?: ManifestDocuments;
  readonly parsed: ParsedFile;
  readonly clusters: readonly string[];
  /** The identities of its objects, which decide how files group into clusters. */
  readonly identities: readonly string[];
}

/** Groups files into clusters by what they hold (clusterGrouping.ts): file URIs to their identities in, URIs to cluster names out. */
export interface ContentGrouping {
  group(identities: ReadonlyMap<string, readonly string[]>): { readonly clustersOf: ReadonlyMap<string, readonly string[]>; readonly folders: ReadonlyMap<string, string | undefined> };
  /** Whether Kustomize build roots are clusters (not when the user's setting names the clusters). */
  readonly rendersKustomize: boolean;
  /** The cluster a Kustomize build root's folder (a path) stands for. */
  clusterNameOf(folder: string): string;
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

  /** The kustomizations read that transform what they build, by URI (few, so each analysis looks at them alone). */
  private readonly transformingKustomizations = new Map<string, readonly string[]>();
  /** Set when a file came, went or changed what it defines: the grouping is worked out again before the clusters are read. */
  private groupingStale = false;
  private clusterFolders: ReadonlyMap<string, string | undefined> = new Map();
  /** The clusters that are Kustomize builds, by name: the build's objects are the cluster's. */
  private renderedClusters = new Map<string, KustomizeBuild>();
  /** The files each of those clusters was assembled from, with the objects each gave. */
  private renderedMembers = new Map<string, ReadonlyMap<string, readonly KubeObject[]>>();

  /**
   * `clustersOf` assigns a file by its path alone; `grouping`, when given, decides instead from what all files
   * define. `namespaceOf` gives a cluster's namespace for objects that name none (`kubectl apply -n`).
   */
  constructor(
    private readonly clustersOf: (uri: string) => readonly string[],
    private readonly grouping?: ContentGrouping,
    private readonly namespaceOf: (cluster: string) => string | undefined = () => undefined,
    /** Renders the workspace's kustomizations; without it (or without a grouping) a kustomization is skipped. */
    private readonly builds?: KustomizeBuilds,
  ) {}

  /** Reads `text` as the content of `uri`; a file whose content did not change is not parsed again. */
  setText(uri: string, text: string, hash: string = contentHash(text)): void {
    if (this.files.get(uri)?.contentHash() === hash) return;
    this.setParsed(uri, parseManifest(uri, text), () => hash);
  }

  /** Reads the text an editor has of `uri`: after the first time, only the documents (`---`) an edit changed are read again. */
  setEditedText(uri: string, text: string): void {
    const file = this.files.get(uri);
    const known = file?.documents;
    if (known?.text === text) return;
    this.setDocuments(uri, known ? known.edit(text) : file ? ManifestDocuments.readKeeping(uri, text, file.parsed) : ManifestDocuments.read(uri, text));
  }

  /** Applies an editor's `changes` to the text it has of `uri` (`text`: the whole text after them, read only when needed). */
  changeEditedText(uri: string, changes: readonly TextChange[], text: () => string): void {
    const known = this.files.get(uri)?.documents;
    this.setDocuments(uri, known ? known.change(changes, text) : ManifestDocuments.read(uri, text()));
  }

  private setDocuments(uri: string, documents: ManifestDocuments): void {
    let hash: string | undefined;
    this.setParsed(uri, documents.parsed, () => (hash ??= contentHash(documents.text)), documents);
  }

  /** Puts in `parsed`, read elsewhere (a parse worker) from the text whose hash is `hash`. */
  setParsedText(uri: string, parsed: ParsedFile, hash: string): void {
    if (this.files.get(uri)?.contentHash() === hash) return;
    this.setParsed(uri, parsed, () => hash);
  }

  /** A file the model does not read (too large, unreadable) but still reports on. */
  setNotice(uri: string, problem: Problem): void {
    const hash = noticeHash(problem);
    this.setParsed(uri, { uri, objects: [], problems: [problem] }, () => hash);
  }

  /** How many objects the cluster models hold. */
  objectCount(): number {
    return this.clusters().reduce((count, cluster) => count + cluster.objects.length, 0);
  }

  /** The fingerprint of everything the index holds: equal fingerprints, equal models. */
  fingerprint(): string {
    return fingerprintOf([...this.files].map(([uri, file]) => [uri, file.contentHash()] as const));
  }

  delete(uri: string): boolean {
    const existing = this.files.get(uri);
    if (!existing) return false;
    this.files.delete(uri);
    this.transformingKustomizations.delete(uri);
    this.changes.record(uri);
    if (this.grouping) this.groupingStale = true;
    this.builds?.changed(uri);
    for (const cluster of existing.clusters) this.leave(cluster, uri);
    return true;
  }

  /** The hash of the content the index holds for `uri` (text or notice), as `hashOf` gives it. */
  contentHashOf(uri: string): string | undefined {
    return this.files.get(uri)?.contentHash();
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

  /** The files read as no objects on purpose (a kustomization, a CI workflow), with why, in URI order; in a cluster or not. */
  skippedFiles(): { readonly uri: string; readonly reason: SkipReason }[] {
    return this.uris().flatMap((uri) => {
      const reason = this.files.get(uri)?.parsed.skipped;
      return reason ? [{ uri, reason }] : [];
    });
  }

  /** The cluster models, sorted by name. A cluster no change touched is the same object as before, so caches keyed by it stay valid. */
  clusters(): readonly ClusterModel[] {
    this.regroup();
    return [...this.assemblies.values()].map((assembly) => assembly.model()).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Every problem the model finds, by file: the file's own, then those only its clusters show (an object defined twice, a Kustomize build's failure). */
  problemsByUri(): Map<string, readonly Problem[]> {
    const model = problemsByFile([...this.clusters().map((cluster) => cluster.problems), ...[...this.renderedClusters.values()].map((build) => build.problems)]);
    const byUri = new Map<string, readonly Problem[]>();
    for (const [uri, file] of this.files) byUri.set(uri, withProblems(file.parsed.problems, model.get(uri)));
    for (const [uri, problems] of model) if (!byUri.has(uri)) byUri.set(uri, problems);
    return byUri;
  }

  /** Assembles every cluster again from the files read (after a cluster's namespace for objects naming none changed). */
  assembleAgain(): void {
    this.assemblies.clear();
    for (const file of this.files.values()) for (const cluster of file.clusters) this.join(cluster, file.parsed);
  }

  /** The kustomizations that set a namespace, names, labels or patches, with the keys that do. */
  kustomizations(): ReadonlyMap<string, readonly string[]> {
    return this.transformingKustomizations;
  }

  /** The Kustomize build a cluster is, if it is one. */
  renderedBuild(cluster: string): KustomizeBuild | undefined {
    this.regroup();
    return this.renderedClusters.get(cluster);
  }

  /** The object written at a position of a file as each Kustomize build that reads the file renders it. */
  renderedObjectsAt(uri: string, position: TextPosition): { cluster: string; title: string; yaml: string }[] {
    this.regroup();
    if (!this.builds) return [];
    const builds = this.builds;
    return [...this.renderedClusters].flatMap(([cluster, build]) => {
      if (!this.renderedMembers.get(cluster)?.has(uri)) return [];
      const rendered = builds.renderedAt(build, uri, position);
      return rendered ? [{ cluster, ...rendered }] : [];
    });
  }

  /** The folder each cluster was found at, for its profile (undefined: the workspace's). */
  clusterFolder(cluster: string): string | undefined {
    this.regroup();
    return this.clusterFolders.get(cluster);
  }

  private setParsed(uri: string, parsed: ParsedFile, contentHash: () => string, documents?: ManifestDocuments): void {
    const known = this.files.get(uri);
    const identities = groupingIdentities(parsed, known);
    // A file keeps its clusters until the grouping is worked out again; a new one waits for that.
    const clusters = this.grouping ? (known?.clusters ?? []) : this.clustersOf(uri);
    if (this.grouping && (!known || !sameItems(known.identities, identities))) this.groupingStale = true;
    if (this.builds?.changed(uri)) this.groupingStale = true;
    for (const cluster of known?.clusters ?? []) if (!clusters.includes(cluster)) this.leave(cluster, uri);
    this.files.set(uri, { contentHash, parsed, clusters, identities, ...(documents && { documents }) });
    if (parsed.kustomizeTransforms?.length) this.transformingKustomizations.set(uri, parsed.kustomizeTransforms);
    else this.transformingKustomizations.delete(uri);
    this.changes.record(uri);
    for (const cluster of clusters) this.join(cluster, parsed);
  }

  private join(cluster: string, parsed: ParsedFile): void {
    let assembly = this.assemblies.get(cluster);
    if (!assembly) {
      assembly = new ClusterAssembly(cluster, this.namespaceOf(cluster));
      this.assemblies.set(cluster, assembly);
    }
    assembly.set(parsed);
  }

  /** Works the grouping out again after files came, went or renamed objects, and moves the files it assigns elsewhere. */
  private regroup(): void {
    if (!this.grouping || !this.groupingStale) return;
    this.groupingStale = false;
    const roots = this.buildRoots();
    const applied = this.appliedApart(roots);
    const grouped = this.grouping.group(new Map([...this.files].filter(([uri]) => applied(uri)).map(([uri, file]) => [uri, file.identities])));
    // A folder of plain files named like a build root (`default`, the workspace's, beside `config/default`) says where it is.
    const apart = (name: string) => (roots.some(([root]) => root === name) ? `${name} (${grouped.folders.get(name) ? path.basename(grouped.folders.get(name)!) : 'other files'})` : name);
    const clustersOf = new Map([...grouped.clustersOf].map(([uri, names]) => [uri, names.map(apart)]));
    const folders = new Map([...grouped.folders].map(([name, folder]) => [apart(name), folder]));
    for (const [name, build] of roots) folders.set(name, build.folder);
    this.clusterFolders = folders;
    this.assembleBuilds(new Map(roots));
    for (const [uri, file] of this.files) {
      const clusters = clustersOf.get(uri) ?? [];
      if (clusters.length === file.clusters.length && clusters.every((cluster, index) => file.clusters[index] === cluster)) continue;
      for (const cluster of file.clusters) if (!clusters.includes(cluster)) this.leave(cluster, uri);
      this.files.set(uri, { ...file, clusters });
      for (const cluster of clusters) if (!file.clusters.includes(cluster)) this.join(cluster, file.parsed);
    }
  }

  /**
   * Which files are applied as plain manifests: not those a build reads (they are its own), nor those below a
   * kustomization's folder that no build reads (patches left out, fragments: `kubectl apply -k` never applies them).
   */
  private appliedApart(roots: readonly [string, KustomizeBuild][]): (uri: string) => boolean {
    if (!this.builds || !this.grouping?.rendersKustomize) return () => true;
    const owned = new Set(roots.flatMap(([, build]) => inputUrisOf(build)));
    const folders = [...this.files].filter(([, file]) => file.parsed.skipped === 'kustomization').map(([uri]) => uri.slice(0, uri.lastIndexOf('/') + 1));
    return (uri) => !owned.has(uri) && !folders.some((folder) => uri.startsWith(folder));
  }

  /** The Kustomize build roots, each with the name of its cluster (the folder's, as the grouping names folders). */
  private buildRoots(): [string, KustomizeBuild][] {
    if (!this.builds) return [];
    const kustomizations = [...this.files].filter(([, file]) => file.parsed.skipped === 'kustomization').map(([uri]) => uri);
    if (kustomizations.length === 0 || !this.grouping?.rendersKustomize) return [];
    const grouping = this.grouping;
    return this.builds.roots(kustomizations).map((build) => [grouping.clusterNameOf(build.folder), build]);
  }

  /**
   * Each build root's cluster holds the build's objects, each under the file it is written in, and lists every
   * workspace file the build read, so that the editor finds a base file's cluster. Only the files whose objects a
   * render changed are set again: the engine then works on what changed.
   */
  private assembleBuilds(roots: ReadonlyMap<string, KustomizeBuild>): void {
    for (const [name, members] of this.renderedMembers) {
      if (roots.has(name)) continue;
      for (const uri of members.keys()) this.leave(name, uri);
      this.renderedMembers.delete(name);
    }
    for (const [name, build] of roots) {
      if (this.renderedClusters.get(name) === build) continue;
      const before = this.renderedMembers.get(name) ?? new Map<string, readonly KubeObject[]>();
      const members = this.memberObjects(build);
      for (const uri of before.keys()) if (!members.has(uri)) this.leave(name, uri);
      for (const [uri, objects] of members) if (before.get(uri) !== objects || !this.assemblies.has(name)) this.join(name, { uri, objects, problems: [] });
      this.renderedMembers.set(name, members);
    }
    this.renderedClusters = new Map(roots);
  }

  /** The files of a build's cluster with their objects: the kustomization, the workspace files it read, the files its objects are written in. */
  private memberObjects(build: KustomizeBuild): Map<string, readonly KubeObject[]> {
    const members = new Map<string, readonly KubeObject[]>([[build.uri, NO_OBJECTS]]);
    for (const uri of inputUrisOf(build)) if (this.files.has(uri)) members.set(uri, NO_OBJECTS);
    for (const [uri, objects] of build.objectsByUri) members.set(uri, objects);
    return members;
  }

  /** A file is no longer in a cluster; a cluster left with no file is gone. */
  private leave(cluster: string, uri: string): void {
    const assembly = this.assemblies.get(cluster);
    assembly?.delete(uri);
    if (assembly?.size === 0) this.assemblies.delete(cluster);
  }
}
