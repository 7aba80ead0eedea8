import type { KubeObject, ReadonlyList, SourceLocation, TextPosition } from '../engine';
import { KUSTOMIZATION_FILE_NAMES } from '../model/kustomize/fileSystem';
import { kustomizationEntries, type KustomizationEntry } from '../model/kustomize/kustomizationEntries';
import { contains } from './symbolAt';

/** A Kustomize build's cluster as the editor features see it. */
export interface BuildView {
  readonly cluster: string;
  readonly objects: ReadonlyList<KubeObject>;
}

const START = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** Whether a file is a kustomization, by its name as kustomize finds it. */
export function isKustomizationFile(uri: string): boolean {
  return (KUSTOMIZATION_FILE_NAMES as readonly string[]).includes(decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1)));
}

/** The path entry of a kustomization under the cursor. */
export function entryAt(uri: string, text: string, position: TextPosition): KustomizationEntry | undefined {
  return kustomizationEntries(uri, text).find((entry) => contains(entry.range, position));
}

/** The URI an entry names, resolved against the kustomization's folder (a `file:` URI; remote entries have none). */
export function entryUri(kustomizationUri: string, entry: KustomizationEntry): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\/|^git@|\?ref=/i.test(entry.path)) return undefined;
  try {
    return new URL(entry.path.split('/').map(encodeURIComponent).join('/'), kustomizationUri).href.replace(/\/$/, '');
  } catch {
    return undefined;
  }
}

/**
 * Go to definition from an entry: the file it names; of a folder, its kustomization; of a patch, also each object
 * the patch changed in the builds (the fields it wrote say so).
 */
export function entryDefinition(kustomizationUri: string, entry: KustomizationEntry, isFile: (uri: string) => boolean, builds: readonly BuildView[]): SourceLocation[] {
  const target = entryUri(kustomizationUri, entry);
  if (!target) return [];
  const fileTarget = isFile(target) ? target : KUSTOMIZATION_FILE_NAMES.map((name) => `${target}/${name}`).find(isFile);
  const locations: SourceLocation[] = fileTarget ? [{ uri: fileTarget, range: START }] : [];
  if (entry.role === 'patch') {
    for (const object of patchedObjects(target, builds).map(({ object }) => object)) locations.push({ uri: object.uri, range: object.metadata.name.span.value });
  }
  return locations;
}

/** Hover on an entry: what it brings into each build (objects of a resource, objects a patch changed). */
export function entryHover(kustomizationUri: string, entry: KustomizationEntry, builds: readonly BuildView[]): string | undefined {
  const target = entryUri(kustomizationUri, entry);
  if (!target) return `**${entry.path}** is a remote resource: Kubetrace does not fetch it, and builds go on without it.`;
  if (entry.role === 'patch') {
    const patched = patchedObjects(target, builds);
    if (patched.length === 0) return `**Patch ${entry.path}**: changes no object in ${builds.length === 0 ? 'any build' : builds.map((build) => build.cluster).join(', ')}.`;
    return [`**Patch ${entry.path}** changes:`, ...patched.map(({ object, cluster }) => `- ${describe(object)} (in ${cluster})`)].join('\n');
  }
  if (entry.role !== 'resource') return undefined;
  const lines: string[] = [];
  for (const build of builds) {
    const from = build.objects.filter((object) => object.uri === target || object.uri.startsWith(`${target}/`));
    if (from.length > 0) lines.push(`- in ${build.cluster}: ${from.slice(0, 12).map(describe).join(', ')}${from.length > 12 ? `, and ${from.length - 12} more` : ''}`);
  }
  return lines.length > 0 ? [`**${entry.path}** builds:`, ...lines].join('\n') : `**${entry.path}** builds no object here.`;
}

/** From inside a patch file: the objects it changed in each build, for go to definition. */
export function patchedObjectLocations(patchUri: string, builds: readonly BuildView[]): SourceLocation[] {
  return patchedObjects(patchUri, builds).map(({ object }) => ({ uri: object.uri, range: object.metadata.name.span.value }));
}

/** Each object of a build whose fields a file wrote without being the object's own file: what a patch changed. */
function patchedObjects(patchUri: string, builds: readonly BuildView[]): { object: KubeObject; cluster: string }[] {
  return builds.flatMap((build) => build.objects.filter((object) => object.uri !== patchUri && writesIn(object, patchUri)).map((object) => ({ object, cluster: build.cluster })));
}

function writesIn(node: unknown, uri: string): boolean {
  if (typeof node !== 'object' || node === null) return false;
  if ((node as { uri?: unknown }).uri === uri && 'value' in node) return true;
  return Object.values(node).some((child) => writesIn(child, uri));
}

/** The names an object written at the cursor gets in each build: `prod/prod-web in overlays/prod`. */
export function renderedNamesMarkdown(uri: string, position: TextPosition, builds: readonly BuildView[]): string | undefined {
  const lines = builds.flatMap((build) => {
    const object = build.objects.find((candidate) => candidate.uri === uri && contains(candidate.range, position));
    return object ? [`- in ${build.cluster}: ${describe(object)}`] : [];
  });
  return lines.length > 0 ? ['**Rendered by Kustomize** as:', ...lines].join('\n') : undefined;
}

function describe(object: KubeObject): string {
  return `${object.id.kind} ${object.id.namespace ? `${object.id.namespace}/` : ''}${object.id.name}`;
}
