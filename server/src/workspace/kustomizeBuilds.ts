import * as path from 'node:path';
import type { Problem } from '../engine/problem';
import type { KubeObject } from '../engine/objects';
import { renderKustomization } from '../model/kustomize/build';
import type { KustomizeLocation } from '../model/kustomize/errors';
import type { KustomizeFileSystem } from '../model/kustomize/fileSystem';
import { DocumentCache } from '../model/kustomize/documentCache';
import { renderedObject, resourceFingerprint } from '../model/kustomize/renderedObjects';
import { readableYaml } from '../model/kustomize/renderedYaml';
import { idOf, type Resource } from '../model/kustomize/resource';
import type { TextPosition } from '../engine/source';
import { fileUri, uriToPath } from './manifestFiles';

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
}

const START = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/**
 * The workspace's Kustomize builds, kept current: each kustomization that no other includes is a build root,
 * rendered as `kustomize build` would render it. A build is rendered again only when a file it read changes.
 */
export class KustomizeBuilds {
  private readonly builds = new Map<string, KustomizeBuild>();
  private readonly stale = new Set<string>();
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
      if (build.inputs.has(toSlashes(filePath)) && !this.stale.has(build.uri)) {
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
    const builds = kustomizations.flatMap((uri) => {
      const build = this.build(uri);
      return build ? [build] : [];
    });
    this.documents.keepOnly(new Set(builds.flatMap((build) => [...build.inputs])));
    return builds.filter((build) => !builds.some((other) => other !== build && other.inputs.has(toSlashes(uriToPath(build.uri) ?? ''))));
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

  private build(uri: string): KustomizeBuild | undefined {
    const known = this.builds.get(uri);
    if (known && !this.stale.has(uri)) return known;
    this.stale.delete(uri);
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
    const problems: Problem[] = result.notices.map((notice) => locatedProblem('KT012', 'information', `Kustomize: ${notice.message}.`, notice.location, uri));
    if (result.error) problems.push(locatedProblem('KT011', 'error', `kustomize build ${path.basename(folder)} fails: ${result.error.message}`, result.error.location, uri));
    const { objects, objectsByUri } = this.objectsOf(uri, result.error ? [] : result.resources, known?.objectsByUri);
    const build: KustomizeBuild = { uri, folder, objects, objectsByUri, problems, inputs: result.inputs, failed: result.error !== undefined, leftOut: result.leftOut };
    this.builds.set(uri, build);
    return build;
  }

  /** The model's objects of a build's resources, reusing those of the last render an edit did not change, and each file's list when none of its objects changed. */
  private objectsOf(uri: string, resources: readonly Resource[], before: ReadonlyMap<string, readonly KubeObject[]> | undefined) {
    const previous = this.known.get(uri) ?? new Map<string, KubeObject>();
    const current = new Map<string, KubeObject>();
    const byUri = new Map<string, KubeObject[]>();
    for (const resource of resources) {
      const fingerprint = resourceFingerprint(resource);
      const object = previous.get(fingerprint) ?? current.get(fingerprint) ?? renderedObject(resource, fileUri);
      if (!object) continue;
      current.set(fingerprint, object);
      byUri.set(object.uri, [...(byUri.get(object.uri) ?? []), object]);
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
  }
}

function locatedProblem(code: string, severity: Problem['severity'], message: string, location: KustomizeLocation | undefined, fallbackUri: string): Problem {
  // A folder is no place in an editor: its problem goes on the kustomization that named it.
  const isFile = location && !location.file.endsWith('/') && location.range !== undefined;
  const uri = location && (isFile || /\.(ya?ml|json)$|\/Kustomization$/.test(location.file)) ? fileUri(location.file) : fallbackUri;
  return { code, severity, message, uri, range: location?.range ?? START };
}

function isWithin(range: { start: TextPosition; end: TextPosition }, position: TextPosition): boolean {
  const after = position.line > range.start.line || (position.line === range.start.line && position.character >= range.start.character);
  const before = position.line < range.end.line || (position.line === range.end.line && position.character <= range.end.character);
  return after && before;
}

function toSlashes(filePath: string): string {
  return filePath.split(path.sep).join('/');
}
