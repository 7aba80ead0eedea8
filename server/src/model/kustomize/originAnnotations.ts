import { parse, stringify } from 'yaml';
import type { Resource } from './resource';
import type { ResourceList } from './resourceList';
import { isKMap, mapAt, scalar, stringAt, type KMap, type Origin } from './tree';

/** kustomize's annotation of where an object came from (`buildMetadata: [originAnnotations]`). */
export const ORIGIN_ANNOTATION = 'config.kubernetes.io/origin';
/** kustomize's annotation listing the transformers that ran over an object (`buildMetadata: [transformerAnnotations]`). */
export const TRANSFORMATIONS_ANNOTATION = 'alpha.config.kubernetes.io/transformations';

/**
 * kustomize's resource.Origin: the file an object was read from (`path`, relative to the folder built), or the
 * file and configuration of the generator or transformer that made or changed it (`configuredIn`, `configuredBy`).
 */
export interface BuildOrigin {
  readonly path?: string;
  readonly configuredIn?: string;
  readonly configuredBy?: { readonly apiVersion?: string; readonly kind?: string; readonly name?: string; readonly namespace?: string };
}

/** The origin as kustomize writes it: YAML with kustomize's field order, empty fields left out. */
function originData(origin: BuildOrigin): Record<string, unknown> {
  const by = origin.configuredBy;
  const identifier = by && withoutEmpty({ apiVersion: by.apiVersion, kind: by.kind, name: by.name, namespace: by.namespace });
  return withoutEmpty({ path: origin.path, configuredIn: origin.configuredIn, configuredBy: identifier && Object.keys(identifier).length > 0 ? identifier : undefined });
}

function withoutEmpty(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined && value !== ''));
}

function yamlText(value: unknown): string {
  return stringify(value, { lineWidth: 0 });
}

/** The annotation's text, when the object has it. */
export function annotationOf(resource: Resource, key: string): string | undefined {
  return stringAt(resource.node, 'metadata', 'annotations', key);
}

export function hasOrigin(resource: Resource): boolean {
  return annotationOf(resource, ORIGIN_ANNOTATION) !== undefined;
}

/** kustomize's Resource.SetOrigin (the annotation node carries the origin of what asked for it). */
export function setOrigin(resource: Resource, origin: BuildOrigin, where?: Origin): void {
  setAnnotation(resource, ORIGIN_ANNOTATION, yamlText(originData(origin)), where);
}

/** The origin an annotation text describes (kustomize's GetOrigin), for a plugin configuration read with one. */
export function readOrigin(node: KMap): BuildOrigin | undefined {
  const text = stringAt(node, 'metadata', 'annotations', ORIGIN_ANNOTATION);
  if (text === undefined) return undefined;
  const data: unknown = parse(text);
  if (data === null || typeof data !== 'object') return {};
  const record = data as Record<string, unknown>;
  return { ...(typeof record.path === 'string' && { path: record.path }), ...(typeof record.configuredIn === 'string' && { configuredIn: record.configuredIn }) };
}

/**
 * kustomize's OriginFromCustomPlugin: a generator or transformer configured by an object (in `generators:` or
 * `transformers:`) is configured in the file that object came from, by that object's apiVersion, kind, name and
 * namespace. None without an origin annotation (origins not tracked).
 */
export function pluginOrigin(config: KMap): BuildOrigin | undefined {
  const origin = readOrigin(config);
  if (!origin) return undefined;
  return {
    ...(origin.path !== undefined && { configuredIn: origin.path }),
    configuredBy: {
      apiVersion: stringAt(config, 'apiVersion') ?? '',
      kind: stringAt(config, 'kind') ?? '',
      name: stringAt(config, 'metadata', 'name') ?? '',
      namespace: stringAt(config, 'metadata', 'namespace') ?? '',
    },
  };
}

/**
 * kustomize's AddTransformerAnnotation, after each transformer that has an origin: an object with an origin gets
 * the transformer appended to its transformations; one without (the transformer made it) gets it as its origin.
 */
export function recordTransformer(list: ResourceList, origin: BuildOrigin, where?: Origin): void {
  for (const resource of list.resources) {
    if (!hasOrigin(resource)) {
      setOrigin(resource, origin, where);
      continue;
    }
    const existing = annotationOf(resource, TRANSFORMATIONS_ANNOTATION);
    const parsed: unknown = existing === undefined ? [] : parse(existing);
    const transformations = Array.isArray(parsed) ? parsed : [];
    setAnnotation(resource, TRANSFORMATIONS_ANNOTATION, yamlText([...transformations, originData(origin)]), where);
  }
}

/**
 * kustomize's RemoveOriginAnnotations and RemoveTransformerAnnotations at the end of a build whose root did not ask
 * for them: the annotation goes, and an annotations map left empty with it.
 */
export function removeAnnotation(resource: Resource, key: string): void {
  const metadata = resource.node.entries.get('metadata');
  if (!isKMap(metadata)) return;
  const annotations = metadata.entries.get('annotations');
  if (!isKMap(annotations) || !annotations.entries.delete(key)) return;
  if (annotations.entries.size === 0) metadata.entries.delete('annotations');
}

function setAnnotation(resource: Resource, key: string, text: string, where?: Origin): void {
  const annotations = mapAt(resource.node, ['metadata', 'annotations'], where);
  if (!annotations) return;
  const previous = annotations.entries.get(key);
  annotations.entries.set(key, scalar(text, where ?? previous?.origin));
}
