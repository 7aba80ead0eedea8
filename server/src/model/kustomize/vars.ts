import { effectiveNamespace, isClusterScoped } from './clusterScope';
import { KustomizeError, locationOf } from './errors';
import { jsonField, jsonText } from './jsonFields';
import { FieldPathError, convertSliceIndexes, lookupField, splitFieldPath, type FieldSlot } from './fieldPath';
import { fieldSpecSelects, visitFieldSpec, type FieldSpec } from './fieldSpec';
import type { TransformerConfig } from './plugins';
import { describeId, groupVersionOf, idOf, originalIdOf, type ResId } from './resource';
import type { ResourceList } from './resourceList';
import { isKMap, isKScalar, isKSeq, type KMap, type KScalar, type KNode, type Origin, type ScalarValue } from './tree';

/** A `vars:` entry of a kustomization, with the file that declared it. */
export interface VarDeclaration {
  readonly name: string;
  readonly node: KMap;
  readonly file: string;
}

/** kustomize's builtin varReference field specs: where `$(VAR)` is replaced (konfig/builtinpluginconsts). */
export const DEFAULT_VAR_REFERENCE: readonly FieldSpec[] = [
  ...podTemplateSpecs('CronJob', 'spec/jobTemplate/spec/template/spec'),
  ...podTemplateSpecs('DaemonSet', 'spec/template/spec'),
  ...podTemplateSpecs('Deployment', 'spec/template/spec'),
  { kind: 'Ingress', path: 'spec/rules/host' },
  { kind: 'Ingress', path: 'spec/tls/hosts' },
  { kind: 'Ingress', path: 'spec/tls/secretName' },
  ...podTemplateSpecs('Job', 'spec/template/spec'),
  ...podTemplateSpecs('Pod', 'spec'),
  ...podTemplateSpecs('ReplicaSet', 'spec/template/spec'),
  { kind: 'Service', path: 'spec/ports/port' },
  { kind: 'Service', path: 'spec/ports/targetPort' },
  ...podTemplateSpecs('StatefulSet', 'spec/template/spec', 'spec/volumeClaimTemplates/spec/nfs/server'),
  { kind: 'PersistentVolume', path: 'spec/nfs/server' },
  { path: 'metadata/labels' },
  { path: 'metadata/annotations' },
];

/** The container fields of a pod template that may hold `$(VAR)`, and its NFS volume server. */
function podTemplateSpecs(kind: string, podSpec: string, nfsServer = `${podSpec}/volumes/nfs/server`): FieldSpec[] {
  const fields = ['args', 'command', 'env/value', 'volumeMounts/mountPath'];
  return [
    ...fields.map((field) => ({ kind, path: `${podSpec}/containers/${field}` })),
    ...fields.map((field) => ({ kind, path: `${podSpec}/initContainers/${field}` })),
    { kind, path: nfsServer },
  ];
}

/** A var's value: a primitive kustomize can write into a string, or anything else (left as `$(NAME)`). */
interface VarValue {
  readonly value: ScalarValue | KNode;
  readonly origin?: Origin;
}

/**
 * kustomize's ResolveVars: each var takes the value of a field of the object whose original id its objref names,
 * then every `$(NAME)` in the varReference fields is replaced by it. A field that is exactly `$(NAME)` takes the
 * value's type and origin; an embedded one is replaced as text. `$$` is a literal `$`; an unknown `$(X)` stays.
 */
export function resolveVars(list: ResourceList, vars: readonly VarDeclaration[], config: TransformerConfig): void {
  if (vars.length === 0) return;
  const values = new Map<string, VarValue>();
  for (const declaration of [...vars].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    values.set(declaration.name, valueOf(list, declaration));
  }
  for (const resource of list.resources) {
    for (const spec of config.varReference) {
      if (!fieldSpecSelects(spec, idOf(resource))) continue;
      visitFieldSpec(resource.node, spec, (node) => {
        try {
          replaceIn(node, values);
        } catch (error) {
          if (!(error instanceof VarTypeError)) throw error;
          throw new KustomizeError(`considering field '${spec.path}' of object ${describeId(idOf(resource))}: ${error.message}`, locationOf(node.origin) ?? { file: resource.file });
        }
      });
    }
  }
}

class VarTypeError extends Error {}

/** What a var's objref names, as kustomize reads it (apiVersion, or group and version, kind, name, namespace). */
function objrefOf(declaration: VarDeclaration): ResId {
  const objref = jsonField(declaration.node, 'objref');
  if (!isKMap(objref)) return { group: '', version: '', kind: '', name: '', namespace: '' };
  const apiVersion = jsonText(objref, 'apiVersion');
  const groupVersion = apiVersion ? groupVersionOf(apiVersion) : { group: jsonText(objref, 'group') ?? '', version: jsonText(objref, 'version') ?? '' };
  return { ...groupVersion, kind: jsonText(objref, 'kind') ?? '', name: jsonText(objref, 'name') ?? '', namespace: jsonText(objref, 'namespace') ?? '' };
}

function fieldPathOf(declaration: VarDeclaration): string {
  const fieldref = jsonField(declaration.node, 'fieldref');
  return (isKMap(fieldref) ? jsonText(fieldref, 'fieldPath') : undefined) || 'metadata.name';
}

/**
 * kustomize's MergeVars, where a kustomization declares its vars (after its own transformers): each var is tied to
 * the one object whose original id matches its objref among the objects of that kustomization, without a
 * namespace (of a namespaced kind) in any namespace. Two are an error; none leaves the var unbound (its value is
 * then not found). The tie holds through later renames and through objects of the same id added above.
 */
export function bindVars(list: ResourceList, declarations: readonly VarDeclaration[]): void {
  for (const declaration of declarations) {
    const target = objrefOf(declaration);
    const anyNamespace = target.namespace === '' && !isClusterScoped(target);
    const matches = list.resources.filter((resource) => matchesObjref(originalIdOf(resource), target, anyNamespace));
    if (matches.length > 1) {
      const where = locationOf(declaration.node.origin) ?? { file: declaration.file };
      throw new KustomizeError(`found ${matches.length} resId matches for var ${describeVar(declaration, target)} (unable to disambiguate)`, where);
    }
    const resource = matches[0];
    if (resource) (resource.refVarNames ??= []).push(declaration.name);
  }
}

function describeVar(declaration: VarDeclaration, target: ResId): string {
  return `${declaration.name} (${target.kind} ${target.name}, ${fieldPathOf(declaration)})`;
}

/** The var's value from the object it was tied to where declared (kustomize's findVarValueFromResources). */
function valueOf(list: ResourceList, declaration: VarDeclaration): VarValue {
  const fieldPath = fieldPathOf(declaration);
  const where = locationOf(declaration.node.origin) ?? { file: declaration.file };
  const text = describeVar(declaration, objrefOf(declaration));
  const resource = list.resources.find((candidate) => candidate.refVarNames?.includes(declaration.name));
  if (!resource) throw new KustomizeError(`var '${text}' cannot be mapped to a field in the set of known resources`, where);
  let found: FieldSlot | undefined;
  try {
    found = lookupField(resource.node, convertSliceIndexes(splitFieldPath(fieldPath)));
  } catch (error) {
    if (!(error instanceof FieldPathError)) throw error;
  }
  if (!found) throw new KustomizeError(`field specified in var '${text}' not found in corresponding resource`, where);
  const node = found.node;
  // A null reads as its text, as kyaml's GetFieldValue gives it.
  const value = isKScalar(node) ? (node.value ?? '') : node;
  return node.origin ? { value, origin: node.origin } : { value };
}

function matchesObjref(id: ResId, target: ResId, anyNamespace: boolean): boolean {
  if (id.group !== target.group || id.version !== target.version || id.kind !== target.kind || id.name !== target.name) return false;
  return anyNamespace || effectiveNamespace(target) === effectiveNamespace(id);
}

/**
 * kustomize's refvar filter on one field: a string, the string values of a map, or a list of strings. Each string
 * is updated in place (kustomize's updateNodeValue): a value node that a transformer set at several fields of
 * one object changes in all of them.
 */
function replaceIn(node: KNode, values: ReadonlyMap<string, VarValue>): void {
  if (isKScalar(node)) {
    expandInPlace(node, values);
    return;
  }
  if (isKMap(node)) {
    for (const value of node.entries.values()) if (isKScalar(value)) expandInPlace(value, values);
    return;
  }
  if (isKSeq(node)) {
    for (const item of node.items) {
      if (!isKScalar(item) || typeof item.value !== 'string') throw new VarTypeError('invalid value type expect a string');
      expandInPlace(item, values);
    }
  }
}

/** A string scalar once its `$(NAME)`s are replaced; a whole reference takes the value's type and origin. */
function expandInPlace(node: KScalar, values: ReadonlyMap<string, VarValue>): void {
  const input = node.value;
  if (typeof input !== 'string') return;
  const result = expandVars(input, values);
  if (typeof result === 'string' && result === input) return;
  node.value = result;
  if (typeof result !== 'string' || isWholeReference(input)) {
    const origin = values.get(input.slice(2, -1))?.origin;
    if (origin) node.origin = origin;
  }
}

function isWholeReference(input: string): boolean {
  return /^\$\([^)]*\)$/.test(input);
}

/**
 * kustomize's DoReplacements: `$(NAME)` is the var's value (the value itself when the whole input is the
 * reference), `$$` is `$`, anything else stays as written.
 */
function expandVars(input: string, values: ReadonlyMap<string, VarValue>): ScalarValue {
  let output = '';
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] !== '$' || cursor + 1 >= input.length) continue;
    output += input.slice(checkpoint, cursor);
    const rest = input.slice(cursor + 1);
    let advance = 1;
    if (rest[0] === '$') {
      output += '$';
    } else if (rest[0] === '(') {
      const close = rest.indexOf(')', 1);
      if (close < 0) {
        output += '$(';
      } else {
        const name = rest.slice(1, close);
        const mapped = primitiveValue(name, values);
        if (input === `$(${name})`) return mapped;
        output += String(mapped);
        advance = close + 1;
      }
    } else {
      output += `$${rest[0]}`;
    }
    cursor += advance;
    checkpoint = cursor + 1;
  }
  return output + input.slice(checkpoint);
}

/** The var's value when it is a string, number or boolean; else the reference as written. */
function primitiveValue(name: string, values: ReadonlyMap<string, VarValue>): ScalarValue {
  const value = values.get(name)?.value;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return `$(${name})`;
}

