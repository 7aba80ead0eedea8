import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { groupingByUri } from './clusterGrouping';
import { KustomizeBuilds } from './kustomizeBuilds';
import { kustomizeFileSystem } from './kustomizeFiles';
import { DEFAULT_CLUSTER } from './clusterAssignment';
import { createExclusion, discoverManifestFiles, isManifestPath, type DiscoveryNotice } from './fileDiscovery';
import { hashOf, indexContent, readManifestContent, readManifestContents, readManifestFile, readManifestFiles, type ManifestContent } from './manifestFiles';
import { canonicalUri, fileUri, uriToPath } from './fileUris';
import { ParallelParse } from './parallelParse';
import type { WorkspaceSettings } from './settings';
import { fingerprintOf, WorkspaceIndex } from './workspaceIndex';
import { loadFolderProfile, loadWorkspaceProfile, nearestAbove, type WorkspaceProfile } from './workspaceProfile';
import { type ClusterProfile, DEFAULT_PROFILE } from '../engine';
import type { ClusterModel } from '../model/clusterModel';
import { PieceText, type TextChange } from '../model/pieceText';
import { PROFILE_FILE_NAMES } from '../model/profileFile';

/** How long a load puts files into the index before it lets other work run. */
const PARSE_SLICE_MS = 20;

/** How much older than the last read a file's modification time may be and still be looked at: FAT keeps 2 s. */
const COARSE_MTIME_MS = 2000;

export type FileChange = { readonly uri: string; readonly kind: 'created' | 'changed' | 'deleted' };

/** The profiles a load reads: the workspace's, and those of the cluster roots below it by folder. */
export interface SessionProfiles {
  readonly workspace: WorkspaceProfile;
  readonly byFolder: ReadonlyMap<string, WorkspaceProfile>;
}

/** How the command line reads its PATHs where the editor reads workspace folders. */
export interface SessionOptions {
  /** The roots are one cluster, as `kubectl apply -f A -f B` applies them together, instead of grouped by folder. */
  readonly oneCluster?: boolean;
  /** Told of each folder a load could not walk (the editor has nowhere to show it). */
  readonly skipped?: (notice: DiscoveryNotice) => void;
  /** Reads the profiles instead of the workspace folders' kubetrace.yaml files; `uris`: every file the load read. */
  readonly readProfiles?: (uris: readonly string[]) => Promise<SessionProfiles>;
}

/**
 * The workspace as the language server sees it: files on disk under the workspace folders, overridden by
 * the text of open editors. Every method leaves `index` equal to a fresh read of the same state.
 */
export class WorkspaceSession {
  private index: WorkspaceIndex;
  /** The text of each document open in an editor, kept in pieces so that a change copies only what it touches. */
  private readonly openDocuments = new Map<string, PieceText>();
  private isExcluded: (filePath: string) => boolean = () => false;
  private workspaceProfile: WorkspaceProfile = { profile: DEFAULT_PROFILE, problems: [] };
  /** The profiles of folders below a workspace folder that hold a kubetrace.yaml, each a cluster root, by folder. */
  private folderProfiles = new Map<string, WorkspaceProfile>();
  /** Files read by `scan` and not yet put into the index. */
  private scanned = new Map<string, ManifestContent & { readonly hash: string }>();
  /** The parse of the files `scan` read, begun while it read them, for `indexScanned`. */
  private parsing: ParallelParse | undefined;
  /** When the files were last read from disk (the load's scan, then each catch-up walk), in ms since the epoch. */
  private diskReadAt = 0;

  constructor(
    private readonly roots: readonly string[],
    private settings: WorkspaceSettings,
    private readonly options: SessionOptions = {},
  ) {
    this.index = this.createIndex();
  }

  get model(): WorkspaceIndex {
    return this.index;
  }

  /** The workspace's profile: that of the workspace folder's kubetrace.yaml. */
  get profile(): WorkspaceProfile {
    return this.workspaceProfile;
  }

  /** How many files the last `scan` read that `indexScanned` has not parsed yet. */
  get scannedFileCount(): number {
    return this.scanned.size;
  }

  /** Every profile read, the workspace's and each cluster root's, with their problems. */
  get profiles(): readonly WorkspaceProfile[] {
    return [this.workspaceProfile, ...this.folderProfiles.values()];
  }

  /** A cluster's profile: the kubetrace.yaml of its folder or the nearest folder above it, else the workspace's. */
  profileOf(cluster: string): ClusterProfile {
    return nearestAbove(this.index.clusterFolder(cluster), this.folderProfiles)?.profile ?? this.workspaceProfile.profile;
  }

  /** Reads the profiles again: every kubetrace.yaml (open editor text first) under the editor setting. */
  async reloadProfile(): Promise<void> {
    const namespaces = this.index.clusters().map((cluster) => this.profileOf(cluster.name).namespace);
    const uris = [...new Set([...this.index.uris(), ...this.scanned.keys()])];
    const read = await (this.options.readProfiles ?? ((known) => this.readProfiles(known)))(uris);
    this.workspaceProfile = read.workspace;
    this.folderProfiles = new Map(read.byFolder);
    // Objects that name no namespace are placed when their cluster is assembled: a new `namespace:` assembles again.
    if (this.index.clusters().some((cluster, at) => this.profileOf(cluster.name).namespace !== namespaces[at])) this.index.assembleAgain();
  }

  private async readProfiles(uris: readonly string[]): Promise<SessionProfiles> {
    const readText = async (filePath: string) => this.openDocuments.get(fileUri(filePath))?.text ?? fs.readFile(filePath, 'utf8').catch(() => undefined);
    const workspace = await loadWorkspaceProfile(this.roots, this.settings.profile, readText);
    const byFolder = new Map<string, WorkspaceProfile>();
    for (const uri of uris) {
      const filePath = uriToPath(uri);
      if (filePath === undefined || !PROFILE_FILE_NAMES.includes(path.basename(filePath)) || this.roots.includes(path.dirname(filePath))) continue;
      byFolder.set(path.dirname(filePath), await loadFolderProfile(filePath, this.settings.profile, readText));
    }
    return { workspace, byFolder };
  }

  /**
   * The cluster named `name`, else the one that holds the file `holding` (an editor's URI), else the first;
   * undefined only when there is no cluster at all.
   */
  cluster(name?: string, holding?: string): ClusterModel | undefined {
    const clusters = this.index.clusters();
    const uri = holding === undefined ? undefined : canonicalUri(holding);
    return clusters.find((cluster) => cluster.name === name) ?? clusters.find((cluster) => uri !== undefined && cluster.files.includes(uri)) ?? clusters[0];
  }

  /** Whether a change to `uri` changes a profile. */
  isProfileFile(uri: string): boolean {
    const filePath = uriToPath(uri);
    return filePath !== undefined && PROFILE_FILE_NAMES.includes(path.basename(filePath)) && isInsideAny(this.roots, filePath);
  }

  /** The workspace folders, as paths: where a path the user types is read from. */
  get folders(): readonly string[] {
    return this.roots;
  }

  /** Reads every manifest under the workspace folders (under new settings, when given); open documents keep their editor text. */
  async load(settings: WorkspaceSettings = this.settings): Promise<void> {
    await this.scan(settings);
    await this.indexScanned();
  }

  /**
   * The first half of a load: reads every file (open documents keep their editor text) and the profile, and parses
   * the files in worker threads while it reads them (parallelParse.ts), but puts nothing into the index yet. Returns
   * the fingerprint the index will have once `indexScanned` puts in what was read, so a cached analysis of exactly
   * this content can be used before the parse is waited for. `parseAhead: false` parses nothing yet: for a reader
   * that a cached analysis may answer without the model (the command line's `check`).
   */
  async scan(settings: WorkspaceSettings = this.settings, { parseAhead = true }: { readonly parseAhead?: boolean } = {}): Promise<string> {
    this.settings = settings;
    this.index = this.createIndex();
    const exclusions = this.roots.map((root) => createExclusion(root, this.settings.exclude));
    this.isExcluded = (filePath) => exclusions.some((excluded) => excluded(filePath));
    const scanned = new Map<string, ManifestContent & { readonly hash: string }>();
    this.diskReadAt = Date.now();
    this.parsing?.cancel();
    const parsing = parseAhead ? new ParallelParse() : undefined;
    this.parsing = parsing;
    const read = (uri: string, content: ManifestContent) => {
      if (parsing && 'text' in content) parsing.add(uri, content.text);
    };
    for (const root of this.roots) {
      for (const [uri, content] of await this.readRoot(root, read)) scanned.set(uri, { ...content, hash: hashOf(content) });
    }
    for (const [uri, { text }] of this.openDocuments) if (this.isTracked(uri)) scanned.set(uri, { text, hash: hashOf({ text }) });
    this.scanned = scanned;
    await this.reloadProfile();
    return fingerprintOf([...scanned].map(([uri, content]) => [uri, content.hash] as const));
  }

  /**
   * The second half of a load: puts what `scan` read into the model, the documents open in an editor first
   * (`openDocumentsRead` is told their URIs once they are parsed), then the rest as the workers that `scan` started
   * parse them (or parsed here and in workers now, when it started none), in the order they were read. It pauses
   * every few milliseconds so that messages (published diagnostics, an edit, a cancellation) are not held up by a
   * long load; a document opened meanwhile keeps its editor text.
   */
  async indexScanned(openDocumentsRead?: (uris: readonly string[]) => void): Promise<void> {
    const scanned = this.scanned;
    this.scanned = new Map();
    const open = [...scanned.keys()].filter((uri) => this.openDocuments.has(uri));
    for (const uri of open) this.index.setEditedText(uri, this.openDocuments.get(uri)!.text);
    openDocumentsRead?.(open);
    let parsing = this.parsing;
    this.parsing = undefined;
    if (!parsing) {
      parsing = new ParallelParse();
      for (const [uri, content] of scanned) if ('text' in content && !this.openDocuments.has(uri)) parsing.add(uri, content.text);
    }
    // Each file goes in once it and those before it are parsed: the index is built while the workers parse.
    const parsed = parsing.finish();
    let pausedAt = performance.now();
    for (const [uri, content] of scanned) {
      const parsedFile = 'text' in content && !this.openDocuments.has(uri) ? await parsing.parsed(uri) : undefined;
      const open = this.openDocuments.get(uri);
      if (open !== undefined) this.index.setEditedText(uri, open.text);
      else if ('text' in content && parsedFile) this.index.setParsedText(uri, parsedFile, content.hash);
      else if ('text' in content) this.index.setText(uri, content.text, content.hash);
      else indexContent(this.index, uri, content);
      if (performance.now() - pausedAt > PARSE_SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        pausedAt = performance.now();
      }
    }
    await parsed;
  }

  /** An editor opened or changed a document: its text wins over the file on disk. */
  setOpenDocument(editorUri: string, text: string): void {
    const uri = canonicalUri(editorUri);
    this.openDocuments.set(uri, PieceText.of(text));
    if (this.isTracked(uri)) this.index.setEditedText(uri, text);
  }

  /**
   * An editor changed an open document (LSP's content changes, each a range's new text or the whole text): the index
   * reads again only the documents (`---`) the changes touched, and the whole text is not read or copied.
   */
  changeOpenDocument(editorUri: string, changes: readonly (TextChange | { readonly range?: undefined; readonly text: string })[]): void {
    const uri = canonicalUri(editorUri);
    const known = this.openDocuments.get(uri);
    let whole = -1;
    for (const [at, change] of changes.entries()) if (change.range === undefined) whole = at;
    const ranged = changes.slice(whole + 1) as readonly TextChange[];
    if (whole >= 0) return this.setOpenDocument(editorUri, PieceText.of(changes[whole]!.text).withChanges(ranged).text);
    // A change to a document that is not open is no editor's (LSP sends none).
    if (!known) return;
    const text = known.withChanges(ranged);
    this.openDocuments.set(uri, text);
    if (this.isTracked(uri)) this.index.changeEditedText(uri, ranged, () => text.text);
  }

  /** The namespaces of the objects the documents open in the editor define: where the next edits are likely. */
  openDocumentNamespaces(): Set<string> {
    const namespaces = new Set<string>();
    for (const uri of this.openDocuments.keys()) for (const object of this.index.parsedFile(uri)?.objects ?? []) if (object.id.namespace !== undefined) namespaces.add(object.id.namespace);
    return namespaces;
  }

  /** The text an editor has of a document, if open. */
  openText(editorUri: string): string | undefined {
    return this.openDocuments.get(canonicalUri(editorUri))?.text;
  }

  /** An editor closed a document: the file on disk counts again (or nothing, if it was never saved). */
  async closeDocument(editorUri: string): Promise<void> {
    const uri = canonicalUri(editorUri);
    this.openDocuments.delete(uri);
    await this.refreshFromDisk(uri);
  }

  async applyFileChanges(changes: readonly FileChange[]): Promise<void> {
    for (const change of changes) {
      const uri = canonicalUri(change.uri);
      // An open document keeps its editor text whatever happens to the file on disk.
      if (this.openDocuments.has(uri)) continue;
      if (change.kind === 'deleted') this.deleteUnder(uri);
      else await this.refreshFromDisk(uri);
    }
  }

  /**
   * Files created, changed or deleted on disk since the folders were read, found by walking them again: the editor's
   * file watcher starts some time after the server asks for it, and a file written meanwhile (while the first load
   * runs) sends no event. A known file is read again only when its modification time is not older than the last read
   * (less a margin for file systems that keep coarse times), and counts as changed only when its content differs.
   * Returns the changes applied.
   */
  async catchUpWithDisk(): Promise<readonly FileChange[]> {
    const readSince = this.diskReadAt - COARSE_MTIME_MS;
    this.diskReadAt = Date.now();
    const known = new Set([...this.index.uris(), ...this.index.skippedFiles().map((file) => file.uri)]);
    const onDisk = new Set<string>();
    for (const root of this.roots) {
      const { files } = await discoverManifestFiles(root, this.isExcluded);
      for (const filePath of files) onDisk.add(fileUri(filePath));
    }
    const isUnderRoots = (uri: string) => {
      const filePath = uriToPath(uri);
      return filePath !== undefined && isInsideAny(this.roots, filePath);
    };
    // A changed file's content, read to compare, goes into the index as it is: not read a second time.
    const changed: FileChange[] = [];
    const candidates = [...onDisk].flatMap((uri) => {
      const filePath = uriToPath(uri);
      return known.has(uri) && !this.openDocuments.has(uri) && filePath !== undefined ? [{ uri, filePath }] : [];
    });
    // Asked all at once: one after another, 10,000 files took half a second.
    const modifiedTimes = await Promise.all(candidates.map(({ filePath }) => fs.stat(filePath).then((stat) => stat.mtimeMs, () => undefined)));
    for (const [position, { uri, filePath }] of candidates.entries()) {
      const modified = modifiedTimes[position];
      if (modified === undefined || modified < readSince) continue;
      const content = readManifestContent(filePath, this.settings.maxFileSize);
      if (hashOf(content) === this.index.contentHashOf(uri)) continue;
      indexContent(this.index, uri, content);
      changed.push({ uri, kind: 'changed' });
    }
    const createdOrDeleted: FileChange[] = [
      ...[...onDisk].filter((uri) => !known.has(uri)).map((uri) => ({ uri, kind: 'created' as const })),
      ...[...known].filter((uri) => !onDisk.has(uri) && isUnderRoots(uri) && !this.openDocuments.has(uri)).map((uri) => ({ uri, kind: 'deleted' as const })),
    ];
    await this.applyFileChanges(createdOrDeleted);
    return [...createdOrDeleted, ...changed];
  }

  isTracked(editorUri: string): boolean {
    const uri = canonicalUri(editorUri);
    const filePath = uriToPath(uri);
    if (filePath === undefined || !isManifestPath(filePath)) return false;
    // An open manifest outside the workspace folders (a single file opened on its own) counts while it is open.
    return (isInsideAny(this.roots, filePath) || this.openDocuments.has(uri)) && !this.isExcluded(filePath);
  }

  /** The files of a root: a folder's manifests (open documents aside), or a file (a PATH of the CLI) whatever its extension. */
  private async readRoot(root: string, read: (uri: string, content: ManifestContent) => void): Promise<Map<string, ManifestContent>> {
    const stat = await fs.stat(root).catch(() => undefined);
    if (stat && !stat.isDirectory()) {
      const content = readManifestContent(root, this.settings.maxFileSize);
      read(fileUri(root), content);
      return new Map([[fileUri(root), content]]);
    }
    const { files, notices } = await discoverManifestFiles(root, this.isExcluded);
    for (const notice of notices) this.options.skipped?.(notice);
    return readManifestContents(files.filter((filePath) => !this.openDocuments.has(fileUri(filePath))), this.settings.maxFileSize, read);
  }

  private async readFolder(folder: string): Promise<void> {
    const { files } = await discoverManifestFiles(folder, this.isExcluded);
    await readManifestFiles(this.index, files.filter((filePath) => !this.openDocuments.has(fileUri(filePath))), this.settings.maxFileSize);
  }

  /** A created or changed path: a file is read again, a folder (created by a move or a checkout) is walked. */
  private async refreshFromDisk(uri: string): Promise<void> {
    const filePath = uriToPath(uri);
    const stat = filePath === undefined ? undefined : await fs.stat(filePath).catch(() => undefined);
    if (filePath !== undefined && stat?.isDirectory() && isInsideAny(this.roots, filePath) && !this.isExcluded(filePath)) {
      await this.readFolder(filePath);
    } else if (filePath !== undefined && stat?.isFile() && this.isTracked(uri)) {
      readManifestFile(this.index, filePath, this.settings.maxFileSize);
    } else {
      this.index.delete(uri);
    }
  }

  /** A deleted folder arrives as one event: drop every file under it. */
  private deleteUnder(uri: string): void {
    const prefix = uri.endsWith('/') ? uri : `${uri}/`;
    for (const known of this.index.uris()) {
      if ((known === uri || known.startsWith(prefix)) && !this.openDocuments.has(known)) this.index.delete(known);
    }
  }

  private createIndex(): WorkspaceIndex {
    const builds = new KustomizeBuilds(kustomizeFileSystem((uri) => this.openDocuments.get(uri)?.text));
    const namespaceOf = (cluster: string) => this.profileOf(cluster).namespace;
    if (this.options.oneCluster) return new WorkspaceIndex(() => [DEFAULT_CLUSTER], undefined, namespaceOf, builds);
    return new WorkspaceIndex(() => [], groupingByUri(this.roots, this.settings.clusters), namespaceOf, builds);
  }
}

function isInsideAny(roots: readonly string[], filePath: string): boolean {
  return roots.some((root) => filePath === root || filePath.startsWith(root.endsWith(path.sep) ? root : root + path.sep));
}

