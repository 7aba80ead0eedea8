import * as path from 'node:path';
import { PROFILE_FILE_NAMES } from '../model/profileFile';
import { createClusterAssignment, DEFAULT_CLUSTER, type ClusterFolders } from './clusterAssignment';
import { uriToPath } from './fileUris';
import type { ContentGrouping } from './workspaceIndex';

/** Which cluster models each file belongs to, and the folder each cluster was found at (its profile is looked up from there). */
export interface ClusterGrouping {
  readonly clustersOf: ReadonlyMap<string, readonly string[]>;
  /** Cluster name to the folder it stands for; undefined for clusters the `kubetrace.clusters` setting names. */
  readonly folders: ReadonlyMap<string, string | undefined>;
}

/** A folder of the workspace as the grouping sees it. */
interface Folder {
  readonly path: string;
  /** The workspace folder it is in. */
  readonly root: string;
  /** Manifest files directly in it (not the profile file). */
  readonly files: string[];
  readonly children: Map<string, Folder>;
  hasProfile: boolean;
  /** It holds a kustomization: what is below it is built and applied together, never split. */
  isKustomization: boolean;
}

/** The names `kustomize build` looks for in a folder. */
const KUSTOMIZATION_FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/**
 * Groups the workspace's files into cluster models, the way they are deployed:
 *
 * - The `kubetrace.clusters` setting, when it names any cluster, decides alone.
 * - A folder holding a `kubetrace.yaml` is a cluster root: what is below it is one cluster (its own profile).
 * - A folder holding a kustomization is built and applied as one (`kubectl apply -k`): it is never split.
 * - A folder that holds no object of its own, whose subfolders define the same object between them (other
 *   than a Namespace), is a collection: those subfolders are alternatives (overlays, examples) or independent
 *   applications, since `kubectl apply -f` of the whole would replace one's objects with the other's. Each
 *   subfolder is then grouped on its own, by the same rules.
 * - Anything else is one cluster.
 *
 * The decision for a folder depends only on what is below it, so a folder's clusters are the same whether it
 * is opened alone or as part of a larger workspace. `identities` gives each file's object identities (identityKey).
 */
export function groupClusters(roots: readonly string[], explicit: ClusterFolders, identities: ReadonlyMap<string, readonly string[]>): ClusterGrouping {
  if (Object.keys(explicit).length > 0) {
    const assign = createClusterAssignment(roots, explicit);
    const clustersOf = new Map<string, readonly string[]>();
    for (const file of identities.keys()) clustersOf.set(file, assign(file));
    return { clustersOf, folders: new Map([...new Set([...clustersOf.values()].flat())].map((name) => [name, undefined])) };
  }
  const rootFolders = roots.map((root) => path.resolve(root));
  // Several workspace folders are the children of one folder above them all.
  const top = rootFolders.length === 1 ? newFolder(rootFolders[0]!, rootFolders[0]!) : newFolder('', '');
  const loose: string[] = [];
  for (const file of identities.keys()) {
    const root = rootFolders.find((candidate) => file.startsWith(candidate + path.sep));
    if (root === undefined) {
      loose.push(file);
      continue;
    }
    let folder = rootFolders.length === 1 ? top : childOf(top, root, root, root);
    const parts = path.relative(root, file).split(path.sep);
    const base = parts.pop()!;
    let at = root;
    for (const part of parts) {
      at = path.join(at, part);
      folder = childOf(folder, part, at, root);
    }
    if (PROFILE_FILE_NAMES.includes(base)) folder.hasProfile = true;
    else folder.files.push(file);
    if (KUSTOMIZATION_FILE_NAMES.includes(base)) folder.isKustomization = true;
  }
  const grouping = new Grouping(identities, rootFolders.length > 1);
  grouping.visit(top, DEFAULT_CLUSTER);
  for (const file of loose) grouping.assign(file, DEFAULT_CLUSTER);
  return grouping.result();
}

/**
 * The grouping for a WorkspaceIndex, whose files are URIs: each file's path decides, and a URI that is no
 * `file:` path is taken as it is (an untitled editor joins the cluster of loose files).
 */
export function groupingByUri(roots: readonly string[], explicit: ClusterFolders): ContentGrouping {
  return {
    group: (identities) => {
      const pathOf = (uri: string) => uriToPath(uri) ?? uri;
      const grouped = groupClusters(roots, explicit, new Map([...identities].map(([uri, ids]) => [pathOf(uri), ids])));
      return { clustersOf: new Map([...identities.keys()].map((uri) => [uri, grouped.clustersOf.get(pathOf(uri)) ?? []])), folders: grouped.folders };
    },
    rendersKustomize: Object.keys(explicit).length === 0,
    clusterNameOf: (folder) => clusterNameOfFolder(roots.map((root) => path.resolve(root)), path.resolve(folder)),
  };
}

class Grouping {
  private readonly clustersOf = new Map<string, readonly string[]>();
  private readonly folders = new Map<string, string | undefined>();
  /** What `collect` found for each folder, so that a folder split into applications is not walked again. */
  private readonly collected = new Map<Folder, string[]>();

  constructor(
    private readonly identities: ReadonlyMap<string, readonly string[]>,
    private readonly severalRoots: boolean,
  ) {}

  visit(folder: Folder, name: string): void {
    const members = [...folder.files];
    const children = [...folder.children.values()].map((child) => ({ child, files: this.collect(child) })).filter(({ files }) => files.length > 0);
    // A file that defines nothing (CI config, docs, a kustomization) makes no folder an application.
    const definesObjects = (files: readonly string[]) => files.some((file) => (this.identities.get(file)?.length ?? 0) > 0);
    const applications = children.filter(({ files }) => definesObjects(files));
    if (!folder.hasProfile && !folder.isKustomization && !definesObjects(folder.files) && applications.length >= 2 && collide(applications.map(({ files }) => files), this.identities)) {
      // What defines nothing beside them belongs to no cluster (its own problems are still reported).
      for (const { child } of applications) this.visit(child, this.nameOf(child));
      return;
    }
    // A folder that only holds one application folder (`clusters/` holding `production/` and `staging/`) is that
    // folder: its own subfolders may be the alternatives.
    if (!folder.hasProfile && !folder.isKustomization && !definesObjects(folder.files) && applications.length === 1) {
      this.visit(applications[0]!.child, name);
      return;
    }
    for (const { files } of children) members.push(...files);
    if (members.length === 0) return;
    this.folders.set(name, folder.path || undefined);
    for (const file of members) this.assign(file, name);
  }

  assign(file: string, name: string): void {
    this.clustersOf.set(file, [name]);
    if (!this.folders.has(name)) this.folders.set(name, undefined);
  }

  result(): ClusterGrouping {
    return { clustersOf: this.clustersOf, folders: this.folders };
  }

  /** The files below a folder that are not in a cluster root of their own; those roots are visited as they are met. */
  private collect(folder: Folder): string[] {
    const known = this.collected.get(folder);
    if (known) return known;
    const files = [...folder.files];
    if (folder.hasProfile) this.visit(folder, this.nameOf(folder));
    else for (const child of folder.children.values()) files.push(...this.collect(child));
    const found = folder.hasProfile ? [] : files;
    this.collected.set(folder, found);
    return found;
  }

  private nameOf(folder: Folder): string {
    return nameFromRoot(folder.root, folder.path, this.severalRoots);
  }
}

/** A cluster's name is its folder's path from the workspace folder (with that folder's name when there are several). */
function nameFromRoot(root: string, folder: string, severalRoots: boolean): string {
  const relative = path.relative(root, folder).split(path.sep).filter((part) => part !== '');
  return (severalRoots ? [path.basename(root), ...relative] : relative).join('/') || DEFAULT_CLUSTER;
}

/** The name of the cluster a folder stands for, among the workspace folders `roots` (absolute paths). */
export function clusterNameOfFolder(roots: readonly string[], folder: string): string {
  const root = roots.find((candidate) => folder === candidate || folder.startsWith(candidate + path.sep));
  return root === undefined ? path.basename(folder) || DEFAULT_CLUSTER : nameFromRoot(root, folder, roots.length > 1);
}

/** Declaring a Namespace in several folders is common and harmless: it says nothing about how they are deployed. */
const NAMESPACE_IDENTITY = '/Namespace/';

/** Whether two of the groups of files define the same object (a Namespace declared twice does not count). */
function collide(groups: readonly (readonly string[])[], identities: ReadonlyMap<string, readonly string[]>): boolean {
  const owner = new Map<string, number>();
  for (const [index, files] of groups.entries()) {
    for (const file of files) {
      for (const identity of identities.get(file) ?? []) {
        if (identity.startsWith(NAMESPACE_IDENTITY)) continue;
        const seen = owner.get(identity);
        if (seen !== undefined && seen !== index) return true;
        owner.set(identity, index);
      }
    }
  }
  return false;
}

function newFolder(folderPath: string, root: string): Folder {
  return { path: folderPath, root, files: [], children: new Map(), hasProfile: false, isKustomization: false };
}

function childOf(folder: Folder, name: string, folderPath: string, root: string): Folder {
  let child = folder.children.get(name);
  if (!child) {
    child = newFolder(folderPath, root);
    folder.children.set(name, child);
  }
  return child;
}
