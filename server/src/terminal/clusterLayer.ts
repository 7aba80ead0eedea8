import { buildSnapshot, identityKey, type ClusterProfile, type ClusterSnapshot, type KubeObject } from '../engine';
import { plainDocumentAt, yamlDocuments, type PlainObject } from '../model/objectEdits';
import { parseManifest } from '../model/parseManifest';

/** Where the objects the terminal made live: never a file of the workspace. */
export const LAYER_URI_PREFIX = 'kubetrace-terminal:///';

/**
 * The terminal's changes over the workspace's objects, in memory while it lives (`kubectl create`, `apply`,
 * `label`, `delete`...): an object the layer holds replaces the workspace's of the same identity, one it deleted
 * is gone. The files are never written; `yaml()` prints the layer for the user to save.
 */
export class ClusterLayer {
  private readonly changed = new Map<string, { readonly object: KubeObject; readonly plain: PlainObject } | undefined>();
  private current: ClusterSnapshot | undefined;
  private merged: readonly KubeObject[] | undefined;

  constructor(
    private base: readonly KubeObject[],
    private profile: ClusterProfile,
    /** The text of a workspace file (the editor's buffer where one is open), to read an object as written. */
    private readonly readText: (uri: string) => string | undefined,
    /** The snapshot of the base objects, when the host has it already. */
    baseSnapshot?: ClusterSnapshot,
  ) {
    this.current = baseSnapshot;
  }

  /**
   * The workspace's objects as they are now (the user edited the manifests): the layer's changes stay over them.
   * Nothing is rebuilt when they are the ones the layer has.
   */
  rebase(base: readonly KubeObject[], profile: ClusterProfile, snapshot: ClusterSnapshot): void {
    if (base === this.base && profile === this.profile) return;
    this.base = base;
    this.profile = profile;
    this.invalidate();
    if (this.changed.size === 0) this.current = snapshot;
  }

  get namespace(): string {
    return this.profile.namespace;
  }

  snapshot(): ClusterSnapshot {
    return (this.current ??= buildSnapshot(this.objects(), this.profile));
  }

  objects(): readonly KubeObject[] {
    if (this.merged) return this.merged;
    const kept = this.base.filter((object) => !this.changed.has(identityKey(object.id)));
    const added = [...this.changed.values()].flatMap((entry) => (entry ? [entry.object] : []));
    return (this.merged = [...kept, ...added]);
  }

  /** An object as plain data: the layer's own, or its document in the workspace as written. */
  plainOf(object: KubeObject): PlainObject | undefined {
    const own = this.changed.get(identityKey(object.id));
    if (own) return structuredClone(own.plain);
    const text = this.readText(object.uri);
    return text === undefined ? undefined : plainDocumentAt(object.uri, text, object.range.start.line);
  }

  /**
   * Puts an object into the layer (replacing one of its identity), read by the model as a manifest would be;
   * the model's problems with it, if it has any, are returned instead.
   */
  put(plain: PlainObject): { readonly object: KubeObject; readonly created: boolean } | { readonly error: string } {
    const text = yamlDocuments([plain]);
    const metadata = (plain['metadata'] ?? {}) as Record<string, unknown>;
    const uri = `${LAYER_URI_PREFIX}${String(plain['kind'])}/${String(metadata['namespace'] ?? '')}/${String(metadata['name'])}.yaml`;
    const parsed = parseManifest(uri, text);
    const object = parsed.objects[0];
    const error = parsed.problems.find((problem) => problem.severity === 'error');
    if (!object || error) return { error: `error: ${error?.message ?? 'the object could not be read'}` };
    const key = identityKey(object.id);
    const created = !this.changed.has(key) ? !this.base.some((existing) => identityKey(existing.id) === key) : this.changed.get(key) === undefined;
    this.changed.set(key, { object, plain });
    this.invalidate();
    return { object, created };
  }

  remove(object: KubeObject): void {
    const key = identityKey(object.id);
    if (this.base.some((existing) => identityKey(existing.id) === key)) this.changed.set(key, undefined);
    else this.changed.delete(key);
    this.invalidate();
  }

  /** The layer as YAML to save: what it created or changed, and a comment for each object it deleted. */
  yaml(): string {
    if (this.changed.size === 0) return '# the terminal has changed nothing\n';
    const deleted = [...this.changed].filter(([, entry]) => entry === undefined).map(([key]) => `# deleted: ${key}\n`);
    const kept = [...this.changed.values()].flatMap((entry) => (entry ? [withoutSecretValues(entry.plain)] : []));
    return `${deleted.join('')}${kept.length > 0 ? yamlDocuments(kept) : ''}`;
  }

  private invalidate(): void {
    this.current = undefined;
    this.merged = undefined;
  }
}

/** A Secret's values are never shown: the layer prints its keys only. */
function withoutSecretValues(plain: PlainObject): PlainObject {
  if (plain['kind'] !== 'Secret') return plain;
  const hidden = { ...plain };
  for (const field of ['data', 'stringData']) {
    const values = plain[field];
    if (values && typeof values === 'object') hidden[field] = Object.fromEntries(Object.keys(values).map((key) => [key, '(hidden: Kubetrace never shows Secret values)']));
  }
  return hidden;
}
