import { effectiveNamespace, isClusterScoped } from './clusterScope';
import { KustomizeError, locationOf } from './errors';
import { fieldSpecSelects, visitFieldSpec, type FieldSpec } from './fieldSpec';
import type { Transformer } from './plugins';
import { describeId, idOf, storePreviousId, type ResId, type Resource } from './resource';
import { fieldSpecsFrom } from './transformerConfig';
import { isKMap, isKScalar, isKSeq, nodeAt, scalar, scalarText, stringAt, type KNode, type Origin } from './tree';

type SubjectMode = 'defaultOnly' | 'allServiceAccounts' | 'none';

/**
 * Kustomize's NamespaceTransformer: sets `metadata.namespace` on every namespaced object (kustomize's list of
 * cluster-scoped types decides), the subjects of role bindings as `setRoleBindingSubjects` says, and the fields its
 * field specs name. Each object's previous id is stored first, so references to it can be fixed after the build.
 * The namespace written carries the origin of the configuration's namespace value.
 */
export const namespaceTransformer: Transformer = (resources, config, context) => {
  const namespaceNode = nodeAt(config, 'metadata', 'namespace');
  const namespace = scalarText(namespaceNode) ?? '';
  if (namespace === '') return;
  const where = locationOf(config.origin) ?? { file: context.kustomizationFile };
  const specs = fieldSpecsFrom(config.entries.get('fieldSpecs'), where);
  const unsetOnly = scalarText(config.entries.get('unsetOnly')) === 'true';
  const mode = scalarText(config.entries.get('setRoleBindingSubjects')) ?? '';
  const origin = namespaceNode?.origin ?? config.origin;
  const set = (node: KNode, replace: (next: KNode) => void): void => {
    if (!isKScalar(node)) throw new KustomizeError('namespace field specs must target scalar nodes', locationOf(node.origin) ?? where);
    if (unsetOnly && node.value !== null && String(node.value) !== '') return;
    replace(scalar(namespace, origin));
  };
  for (const resource of resources.resources) {
    if (resource.node.entries.size === 0) continue;
    storePreviousId(resource);
    setNamespace(resource, specs, set, subjectMode(mode, where), origin);
  }
  // Two objects the namespace makes one id (kustomize checks each as it goes; the first clash is the same).
  const byId = new Map<string, ResId[]>();
  for (const resource of resources.resources) {
    if (resource.node.entries.size === 0) continue;
    const id = idOf(resource);
    const key = `${id.group}|${id.version}|${id.kind}|${id.name}|${effectiveNamespace(id)}`;
    const same = [...(byId.get(key) ?? []), id];
    byId.set(key, same);
    if (same.length > 1) throw new KustomizeError(`namespace transformation produces ID conflict: ${same.map(describeId).join(', ')}`, where);
  }
};

function setNamespace(resource: Resource, specs: readonly FieldSpec[], set: (node: KNode, replace: (next: KNode) => void) => void, mode: () => SubjectMode, origin: Origin | undefined): void {
  const node = resource.node;
  const id = idOf(resource);
  if (!isClusterScoped(id)) visitFieldSpec(node, { path: 'metadata/namespace', create: true }, set, 'scalar', origin);
  const isRoleBinding = id.kind === 'RoleBinding' || id.kind === 'ClusterRoleBinding';
  if (isRoleBinding) setSubjectNamespaces(node, mode(), set);
  const apiVersion = stringAt(node, 'apiVersion');
  // metadata/namespace was set above; metadata/name is only a v1 Namespace's; subjects follow the mode alone.
  const rest = specs.filter((spec) => spec.path !== 'metadata/namespace' && (apiVersion === 'v1' || spec.path !== 'metadata/name') && !(isRoleBinding && (spec.kind === 'RoleBinding' || spec.kind === 'ClusterRoleBinding') && spec.path === 'subjects/namespace'));
  for (const spec of rest) if (fieldSpecSelects(spec, id)) visitFieldSpec(node, spec, set, 'scalar', origin);
}

/** `defaultOnly`: subjects named `default`; `allServiceAccounts`: subjects of kind ServiceAccount; `none`: none. */
function setSubjectNamespaces(node: KNode, mode: SubjectMode, set: (node: KNode, replace: (next: KNode) => void) => void): void {
  const subjects = nodeAt(node, 'subjects');
  if (mode === 'none' || !isKSeq(subjects)) return;
  for (const subject of subjects.items) {
    if (!isKMap(subject)) continue;
    const chosen = mode === 'allServiceAccounts' ? scalarText(subject.entries.get('kind')) === 'ServiceAccount' : scalarText(subject.entries.get('name')) === 'default';
    if (!chosen) continue;
    const current = subject.entries.get('namespace') ?? scalar(null);
    set(current, (next) => subject.entries.set('namespace', next));
  }
}

function subjectMode(mode: string, where: { file: string }): () => SubjectMode {
  return () => {
    if (mode === '' || mode === 'defaultOnly') return 'defaultOnly';
    if (mode === 'allServiceAccounts' || mode === 'none') return mode;
    throw new KustomizeError(`invalid value "${mode}" for setRoleBindingSubjects: must be one of "defaultOnly", "none" or "allServiceAccounts"`, where);
  };
}

