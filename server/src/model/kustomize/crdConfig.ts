import { KustomizeError, type KustomizeLocation } from './errors';
import type { FieldSpec } from './fieldSpec';
import type { NameBackReference, TransformerConfig } from './plugins';
import { EMPTY_TRANSFORMER_CONFIG, mergeTransformerConfigs } from './transformerConfig';
import { parseDocuments, toPlain } from './tree';

/**
 * The field specs a `crds:` file adds, as kustomize's LoadConfigFromCRDs reads it: the file is a map of OpenAPI
 * definitions by type name (`github.com/x/pkg/apis/v1.MyKind`); each that looks like a Kubernetes object (its
 * properties name kind, apiVersion and metadata) is the kind after the name's last dot, and its properties (and
 * the definitions they `$ref`, recursively) marked with kustomize's `x-kubernetes-*` extensions become field specs
 * of that kind: object references (nameReference), annotations, label selectors and identities (namePrefix).
 */
export function readCrdConfig(text: string, path: string, where: KustomizeLocation): TransformerConfig {
  const definitions = definitionsOf(text, path, where);
  let config = EMPTY_TRANSFORMER_CONFIG;
  for (const [typeName, definition] of Object.entries(definitions)) {
    const properties = propertiesOf(definition);
    if (!('kind' in properties && 'apiVersion' in properties && 'metadata' in properties)) continue;
    const kind = typeName.split('.').pop() ?? '';
    const found: Found = { commonAnnotations: [], commonLabels: [], namePrefix: [], nameReference: [] };
    collect(found, kind, definitions, typeName, [], new Set());
    config = mergeTransformerConfigs(config, { ...EMPTY_TRANSFORMER_CONFIG, ...found });
  }
  return config;
}

type Definitions = Record<string, unknown>;

interface Found {
  commonAnnotations: FieldSpec[];
  commonLabels: FieldSpec[];
  namePrefix: FieldSpec[];
  nameReference: NameBackReference[];
}

function definitionsOf(text: string, path: string, where: KustomizeLocation): Definitions {
  const failure = (): KustomizeError => new KustomizeError(`unable to parse open API definition from '${path}'`, where);
  const { documents, errors } = parseDocuments(path, text);
  if (errors.length > 0) throw failure();
  const node = documents[0]?.node;
  const plain = node ? toPlain(node) : null;
  if (plain === null) return {};
  if (!isRecord(plain)) throw failure();
  return plain;
}

/** kustomize's loadCrdIntoConfig: the marked properties of one definition, then those of the ones they `$ref`. */
function collect(found: Found, kind: string, definitions: Definitions, typeName: string, path: readonly string[], visiting: Set<string>): void {
  const definition = definitions[typeName];
  // A definition that refers back to itself would recurse forever; kustomize's own walk has no such guard.
  if (definition === undefined || visiting.has(typeName)) return;
  const inner = new Set(visiting).add(typeName);
  for (const [name, property] of Object.entries(propertiesOf(definition))) {
    if (!isRecord(property)) continue;
    const at = [...path, name];
    const spec = (fieldPath: readonly string[]): FieldSpec => ({ kind, path: fieldPath.join('/') });
    if (extension(property, 'x-kubernetes-annotation') !== undefined) found.commonAnnotations.push(spec(at));
    if (extension(property, 'x-kubernetes-label-selector') !== undefined) found.commonLabels.push(spec(at));
    if (extension(property, 'x-kubernetes-identity') !== undefined) found.namePrefix.push(spec(at));
    const version = extension(property, 'x-kubernetes-object-ref-api-version');
    const refKind = extension(property, 'x-kubernetes-object-ref-kind');
    if (version !== undefined && refKind !== undefined) {
      const nameKey = extension(property, 'x-kubernetes-object-ref-name-key') ?? 'name';
      found.nameReference.push({ kind: refKind, ...(version && { version }), fieldSpecs: [spec([...at, nameKey])] });
    }
    const ref = property.$ref;
    if (typeof ref === 'string' && ref !== '') collect(found, kind, definitions, ref, at, inner);
  }
}

/** A definition's `Schema.properties` (Go's JSON reader matches the field names in any case). */
function propertiesOf(definition: unknown): Record<string, unknown> {
  const schema = fieldIgnoringCase(definition, 'schema');
  const properties = fieldIgnoringCase(schema, 'properties');
  return isRecord(properties) ? properties : {};
}

function fieldIgnoringCase(value: unknown, name: string): unknown {
  if (!isRecord(value)) return undefined;
  if (name in value) return value[name];
  const key = Object.keys(value).find((candidate) => candidate.toLowerCase() === name);
  return key === undefined ? undefined : value[key];
}

/** An `x-` extension of a schema, as go-openapi's Extensions.GetString: only a string value counts. */
function extension(property: Record<string, unknown>, name: string): string | undefined {
  const key = Object.keys(property).find((candidate) => candidate.toLowerCase() === name);
  const value = key === undefined ? undefined : property[key];
  return typeof value === 'string' ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
