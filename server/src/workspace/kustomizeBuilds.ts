import * as path from 'node:path';
import { type KubeObject, type Problem, type ProblemCode, problemOf, type TextPosition } from '../engine';
import { renderKustomization } from '../model/kustomize/build';
import type { KustomizeLocation } from '../model/kustomize/errors';
import type { KustomizeFileSystem } from '../model/kustomize/fileSystem';
import { DocumentCache } from '../model/kustomize/documentCache';
import { renderedObject, resourceFingerprint } from '../model/kustomize/renderedObjects';
import { readableYaml } from '../model/kustomize/renderedYaml';
import { idOf, makeResource, originalIdOf, type ResId, type Resource } from '../model/kustomize/resource';
import { isKMap, isKSeq, map, nodeAt, stringAt, type KNode, type parseDocuments } from '../model/kustomize/tree';
import { fileUri, uriToPath } from './fileUris';

/** One kustomization rendered: its objects (no Secret value kept), what it read, and why it failed if it did. */
export interface KustomizeBuild {
  /** The kustomization file's URI. */
  readonly uri: string;
  /** Its folder, the path `kustomize build` is given. */
  readonly folder: string;
  readonly objects: readonly KubeObject[];
  /** The same objects by the URI of the file each is written in (a generated one: the kustomization's). */
  readonly objectsByUri: ReadonlyMap<string, readonly KubeObject[]>;
  /** The build's failure and the notices of what it went on without, located. */
  readonly problems: readonly Problem[];
  /** Every file and folder it read or looked for, as paths. */
  readonly inputs: ReadonlySet<string>;
  readonly failed: boolean;
  /** What the build went on without (remote resources, Helm charts, plugins): objects findings may look for. */
  readonly leftOut: readonly string[];
  /** What an edit to one resource file needs to render that file's objects again on their own (see renderPartially). */
  readonly partial?: {
    readonly resourceFiles: ReadonlyMap<string, number>;
    /** Each resource file's objects by their ids as written. */
    readonly idsByFile: ReadonlyMap<string, readonly string[]>;
    /** Every object as rendered, reduced to what name references read (no values). */
    readonly standIns: readonly Resource[];
  };
}

const START = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/**
 * The workspace's Kustomize builds, kept current: each kustomization that no other includes is a build root,
 * rendered as `kustomize build` would render it. A build is rendered again only when a file it read changes.
 */
export class KustomizeBuilds {
  private readonly builds = new Map<string, KustomizeBuild>();
  private readonly stale = new Set<string>();
  /** The files changed since each build's last render. */
  private readonly changedSince = new Map<string, Set<string>>();
  private readonly documents = new DocumentCache();
  /** Of each build, its objects by fingerprint: what a render again reuses. */
  private readonly known = new Map<string, Map<string, KubeObject>>();

  constructor(private readonly files: KustomizeFileSystem) {}

  /** A file changed (or came or went): the builds that read it render again. Whether any did. */
  changed(uri: string): boolean {
    const filePath = uriToPath(uri);
    if (filePath === undefined) return false;
    let any = false;
    for (const build of this.builds.values()) {
      if (!build.inputs.has(toSlashes(filePath))) continue;
      this.changedSince.set(build.uri, (this.changedSince.get(build.uri) ?? new Set()).add(toSlashes(filePath)));
      if (!this.stale.has(build.uri)) {
        this.stale.add(build.uri);
        any = true;
      }
    }
    return any;
  }

  /**
   * The build roots among the workspace's kustomizations (those no other one includes, Components aside),
   * each rendered; a kustomization gone is forgotten.
   */
  roots(kustomizations: readonly string[]): KustomizeBuild[] {
    const wanted = new Set(kustomizations);
    for (const uri of [...this.builds.keys()]) if (!wanted.has(uri)) this.forget(uri);
    // A base that a build rendered since the base's files last changed reads is no root: it is not rendered again on
    // its own. Kustomizations another build read are taken last, so that the builds reading them are current by then.
    const included = new Set(kustomizations.filter((uri) => this.includedBy(uri, false)));
    const ordered = [...kustomizations.filter((uri) => !included.has(uri)), ...included];
    const builds = ordered.flatMap((uri) => {
      if (this.includedBy(uri, true)) return [];
      const build = this.build(uri);
      return build ? [build] : [];
    });
    this.documents.keepOnly(new Set([...this.builds.values()].flatMap((build) => [...build.inputs])));
    const position = new Map(kustomizations.map((uri, at) => [uri, at]));
    return builds
      .filter((build) => !builds.some((other) => other !== build && other.inputs.has(toSlashes(uriToPath(build.uri) ?? ''))))
      .sort((a, b) => position.get(a.uri)! - position.get(b.uri)!);
  }

  /**
   * The object written at `position` of `uri` as `build` renders it, for the user to read: rendered again on
   * demand, since no build keeps its objects' text (a Secret's values are never kept).
   */
  renderedAt(build: KustomizeBuild, uri: string, position: TextPosition): { title: string; yaml: string } | undefined {
    const filePath = uriToPath(uri);
    if (filePath === undefined) return undefined;
    const file = toSlashes(filePath);
    const result = renderKustomization(build.folder, this.files);
    const resource = result.resources.find((candidate) => {
      const origin = candidate.node.origin;
      return candidate.file === file && origin !== undefined && isWithin(origin.range, position);
    });
    if (!resource) return undefined;
    const id = idOf(resource);
    return { title: `${id.kind} ${id.namespace ? `${id.namespace}/` : ''}${id.name}`, yaml: readableYaml(resource) };
  }

  /** Whether another build read this kustomization when it was last rendered (`current`: and no file it read changed since). */
  private includedBy(uri: string, current: boolean): boolean {
    const file = toSlashes(uriToPath(uri) ?? '');
    for (const other of this.builds.values()) if (other.uri !== uri && !(current && this.stale.has(other.uri)) && other.inputs.has(file)) return true;
    return false;
  }

  private build(uri: string): KustomizeBuild | undefined {
    const known = this.builds.get(uri);
    if (known && !this.stale.has(uri)) return known;
    this.stale.delete(uri);
    const changed = this.changedSince.get(uri);
    this.changedSince.delete(uri);
    const partial = known && changed?.size === 1 ? this.renderPartially(known, [...changed][0]!) : undefined;
    if (partial) {
      this.builds.set(uri, partial);
      return partial;
    }
    const filePath = uriToPath(uri);
    if (filePath === undefined) return undefined;
    const text = this.files.readText(toSlashes(filePath));
    // A Component is built only as part of a Kustomization that names it.
    if (text === undefined || /^kind:\s*["']?Component\b/m.test(text)) {
      this.forget(uri);
      return undefined;
    }
    const folder = toSlashes(path.dirname(filePath));
    const result = renderKustomization(folder, this.files, this.documents);
    const problems: Problem[] = result.notices.map((notice) => locatedProblem('KT012', `Kustomize: ${notice.message}.`, notice.location, uri));
    if (result.error) problems.push(locatedProblem('KT011', `kustomize build ${path.basename(folder)} fails: ${result.error.message}`, result.error.location, uri));
    const { objects, objectsByUri } = this.objectsOf(uri, result.error ? [] : result.resources, known?.objectsByUri);
    const build: KustomizeBuild = {
      uri,
      folder,
      objects,
      objectsByUri,
      problems,
      inputs: result.inputs,
      failed: result.error !== undefined,
      leftOut: result.leftOut,
      ...(!result.error && !result.crossObject && { partial: { resourceFiles: result.resourceFiles, idsByFile: idsByFile(result.resources), standIns: result.resources.map(standIn) } }),
    };
    this.builds.set(uri, build);
    return build;
  }

  /**
   * An edit to one resource file whose objects keep their ids renders that file's objects alone, as the full render
   * would: every step but name references works object by object, and name references are resolved against the
   * other objects as last rendered. Undefined (render it whole) where that does not hold: the build reads across
   * objects otherwise (replacements, vars, merging generators), the file is read twice or is not a resource file,
   * or its objects' ids changed.
   */
  private renderPartially(known: KustomizeBuild, file: string): KustomizeBuild | undefined {
    if (!known.partial || known.partial.resourceFiles.get(file) !== 1) return undefined;
    const text = this.files.readText(file);
    if (text === undefined || !sameIds(writtenIds(file, this.documents.parse(file, text)), known.partial.idsByFile.get(file) ?? [])) return undefined;
    const result = renderKustomization(known.folder, this.files, this.documents, { file, standIns: known.partial.standIns, resourceFiles: known.partial.resourceFiles });
    if (result.error || result.resources.some((resource) => resource.file !== file)) return undefined;
    const uri = fileUri(file);
    const before = known.objectsByUri.get(uri) ?? [];
    const previous = this.known.get(known.uri) ?? new Map<string, KubeObject>();
    const current = new Map([...previous].filter(([, object]) => !before.includes(object)));
    const objects: KubeObject[] = [];
    for (const resource of result.resources) {
      const object = modelObject(resource, previous, current);
      if (object) objects.push(object);
    }
    this.known.set(known.uri, current);
    const objectsByUri = new Map(known.objectsByUri);
    const unchanged = before.length === objects.length && before.every((object, at) => object === objects[at]);
    if (objects.length > 0 || before.length > 0) objectsByUri.set(uri, unchanged ? before : objects);
    const ids = idsByFile(result.resources);
    // The same stand-ins as before (the usual edit, which changes no name): the list is kept, and so its lookup.
    const last = known.partial.standIns.filter((resource) => resource.file === file);
    const fresh = result.resources.map(standIn);
    const sameStandIns = last.length === fresh.length && last.every((resource, at) => standInKey(resource) === standInKey(fresh[at]!));
    const standIns = sameStandIns ? known.partial.standIns : [...known.partial.standIns.filter((resource) => resource.file !== file), ...fresh];
    return {
      ...known,
      objects: [...objectsByUri.values()].flat(),
      objectsByUri,
      partial: { ...known.partial, idsByFile: new Map([...known.partial.idsByFile, ...ids]), standIns },
    };
  }

  /** The model's objects of a build's resources, reusing those of the last render an edit did not change, and each file's list when none of its objects changed. */
  private objectsOf(uri: string, resources: readonly Resource[], before: ReadonlyMap<string, readonly KubeObject[]> | undefined) {
    const previous = this.known.get(uri) ?? new Map<string, KubeObject>();
    const current = new Map<string, KubeObject>();
    const byUri = new Map<string, KubeObject[]>();
    for (const resource of resources) {
      const object = modelObject(resource, previous, current);
      if (object) byUri.set(object.uri, [...(byUri.get(object.uri) ?? []), object]);
    }
    this.known.set(uri, current);
    const objectsByUri = new Map<string, readonly KubeObject[]>();
    for (const [fileUri, objects] of byUri) {
      const old = before?.get(fileUri);
      objectsByUri.set(fileUri, old && old.length === objects.length && old.every((object, at) => object === objects[at]) ? old : objects);
    }
    return { objects: [...byUri.values()].flat(), objectsByUri };
  }

  private forget(uri: string): void {
    this.builds.delete(uri);
    this.known.delete(uri);
    this.changedSince.delete(uri);
  }
}

/** The URIs of the files a build read, worked out once per build (each regrouping and analysis asks). */
const inputUris = new WeakMap<KustomizeBuild, readonly string[]>();

export function inputUrisOf(build: KustomizeBuild): readonly string[] {
  let uris = inputUris.get(build);
  if (!uris) {
    uris = [...build.inputs].map((input) => fileUri(input));
    inputUris.set(build, uris);
  }
  return uris;
}

/**
 * A rendered resource's model object: the one a render before made of the same values and origins (`previous`, or
 * `current` for a copy met twice), else a new one; recorded in `current` by its fingerprint.
 */
function modelObject(resource: Resource, previous: ReadonlyMap<string, KubeObject>, current: Map<string, KubeObject>): KubeObject | undefined {
  const fingerprint = resourceFingerprint(resource);
  const object = previous.get(fingerprint) ?? current.get(fingerprint) ?? renderedObject(resource, fileUri);
  if (object) current.set(fingerprint, object);
  return object;
}

/** An object reduced to what name references read of a candidate: its ids, earlier ids and affixes, no values. */
function standIn(resource: Resource): Resource {
  const node = resource.node;
  const metadata = nodeAt(node, 'metadata');
  const reduced = map([
    ...(['apiVersion', 'kind'] as const).flatMap((field): [string, KNode][] => (node.entries.has(field) ? [[field, node.entries.get(field)!]] : [])),
    ['metadata', map(isKMap(metadata) ? [...metadata.entries].filter(([key]) => key === 'name' || key === 'namespace') : [])],
  ]);
  return { node: reduced, file: resource.file, previousIds: [...resource.previousIds], prefixes: [...resource.prefixes], suffixes: [...resource.suffixes] };
}

/** What name references read of a stand-in: its ids, earlier ids and affixes, and where its name and namespace are written. */
function standInKey(resource: Resource): string {
  const origin = (field: string) => nodeAt(resource.node, 'metadata', field)?.origin;
  return JSON.stringify([idOf(resource), resource.previousIds, resource.prefixes, resource.suffixes, origin('name'), origin('namespace')]);
}

/** Each resource file's objects by their ids as written (before any rename). */
function idsByFile(resources: readonly Resource[]): Map<string, string[]> {
  const byFile = new Map<string, string[]>();
  for (const resource of resources) byFile.set(resource.file, [...(byFile.get(resource.file) ?? []), idKey(originalIdOf(resource))]);
  return byFile;
}

/** The ids of the objects a file's documents define, as written (the items of a List too). */
function writtenIds(file: string, { documents, errors }: ReturnType<typeof parseDocuments>): string[] | undefined {
  if (errors.length > 0) return undefined;
  const ids: string[] = [];
  const add = (node: KNode | undefined): void => {
    if (!isKMap(node) || node.entries.size === 0) return;
    const items = node.entries.get('items');
    if ((stringAt(node, 'kind') ?? '').endsWith('List') && isKSeq(items)) items.items.forEach(add);
    else ids.push(idKey(idOf(makeResource(node, file))));
  };
  for (const document of documents) add(document.node);
  return ids;
}

function idKey(id: ResId): string {
  return `${id.group}|${id.version}|${id.kind}|${id.namespace}|${id.name}`;
}

/** The same ids, in any order (the render sorts its output). */
function sameIds(written: readonly string[] | undefined, known: readonly string[]): boolean {
  if (written === undefined || written.length !== known.length) return false;
  const sorted = [...known].sort();
  return [...written].sort().every((id, at) => id === sorted[at]);
}

function locatedProblem(code: ProblemCode, message: string, location: KustomizeLocation | undefined, fallbackUri: string): Problem {
  // A folder is no place in an editor: its problem goes on the kustomization that named it.
  const isFile = location && !location.file.endsWith('/') && location.range !== undefined;
  const uri = location && (isFile || /\.(ya?ml|json)$|\/Kustomization$/.test(location.file)) ? fileUri(location.file) : fallbackUri;
  return problemOf({ code, message, uri, range: location?.range ?? START });
}

function isWithin(range: { start: TextPosition; end: TextPosition }, position: TextPosition): boolean {
  const after = position.line > range.start.line || (position.line === range.start.line && position.character >= range.start.character);
  const before = position.line < range.end.line || (position.line === range.end.line && position.character <= range.end.character);
  return after && before;
}

function toSlashes(filePath: string): string {
  return filePath.split(path.sep).join('/');
}
