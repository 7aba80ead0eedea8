import type { KubeObject } from '../engine';

/** A kind the terminal's changing commands take, as kubectl names it. */
export interface ObjectKind {
  readonly kind: string;
  /** How kubectl prints it in `deployment.apps/web created` and `deployment.apps "web" deleted`. */
  readonly typeName: string;
  readonly namespaced: boolean;
}

const KINDS: Record<string, ObjectKind> = {};
const define = (names: readonly string[], kind: string, typeName: string, namespaced = true) => {
  for (const name of names) KINDS[name] = { kind, typeName, namespaced };
};
define(['pod', 'pods', 'po'], 'Pod', 'pod');
define(['service', 'services', 'svc'], 'Service', 'service');
define(['deployment', 'deployments', 'deploy'], 'Deployment', 'deployment.apps');
define(['statefulset', 'statefulsets', 'sts'], 'StatefulSet', 'statefulset.apps');
define(['daemonset', 'daemonsets', 'ds'], 'DaemonSet', 'daemonset.apps');
define(['replicaset', 'replicasets', 'rs'], 'ReplicaSet', 'replicaset.apps');
define(['job', 'jobs'], 'Job', 'job.batch');
define(['cronjob', 'cronjobs', 'cj'], 'CronJob', 'cronjob.batch');
define(['networkpolicy', 'networkpolicies', 'netpol'], 'NetworkPolicy', 'networkpolicy.networking.k8s.io');
define(['ingress', 'ingresses', 'ing'], 'Ingress', 'ingress.networking.k8s.io');
define(['configmap', 'configmaps', 'cm'], 'ConfigMap', 'configmap');
define(['endpoints', 'endpoint', 'ep'], 'Endpoints', 'endpoints');
define(['httproute', 'httproutes'], 'HTTPRoute', 'httproute.gateway.networking.k8s.io');
define(['gateway', 'gateways', 'gtw'], 'Gateway', 'gateway.gateway.networking.k8s.io');
define(['namespace', 'namespaces', 'ns'], 'Namespace', 'namespace', false);
define(['node', 'nodes', 'no'], 'Node', 'node', false);
define(['ingressclass', 'ingressclasses'], 'IngressClass', 'ingressclass.networking.k8s.io', false);

/** Kinds an object names with no namespace: kubectl does not put one on them. */
const CLUSTER_SCOPED = new Set(['Namespace', 'Node', 'IngressClass', 'GatewayClass', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'PersistentVolume', 'StorageClass', 'PriorityClass', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'ClusterNetworkPolicy', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration']);

export function objectKindNamed(name: string): ObjectKind | undefined {
  return KINDS[name.toLowerCase()];
}

export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED.has(kind);
}

/** The API group a kind's type name holds (`networkpolicy.networking.k8s.io`), or an apiVersion's (`apps/v1`). */
export function groupOfTypeName(typeName: string): string {
  const dot = typeName.indexOf('.');
  return dot < 0 ? '' : typeName.slice(dot + 1);
}

export function groupOfApiVersion(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** A type name as kubectl's server errors give the resource: plural, with its group (`networkpolicies.networking.k8s.io`). */
export function resourceOf(typeName: string): string {
  return typeName.replace(/^[a-z]+/, (word) => (word.endsWith('ss') ? `${word}es` : word.endsWith('s') ? word : word.endsWith('y') ? `${word.slice(0, -1)}ies` : `${word}s`));
}

/** How kubectl names an object of any kind in its messages: `deployment.apps/web`. */
export function typeNameOf(object: KubeObject): string {
  const known = Object.values(KINDS).find((candidate) => candidate.kind === object.id.kind && groupOfTypeName(candidate.typeName) === object.id.group);
  if (known) return known.typeName;
  return object.id.group ? `${object.id.kind.toLowerCase()}.${object.id.group}` : object.id.kind.toLowerCase();
}

/** The object of a kind and name in a namespace (none for cluster-scoped kinds). */
export function findObject(objects: readonly KubeObject[], kind: ObjectKind, name: string, namespace: string): KubeObject | undefined {
  // The group is in kubectl's type name (`networkpolicy.networking.k8s.io`): Calico's NetworkPolicy is another kind.
  const group = groupOfTypeName(kind.typeName);
  return objects.find((object) => object.id.kind === kind.kind && object.id.group === group && object.id.name === name && (kind.namespaced ? object.id.namespace === namespace : true));
}

/** `TYPE NAME...` or `TYPE/NAME...`, as kubectl's changing commands take their objects. */
export function readTargets(positionals: readonly string[]): { kind: ObjectKind; name: string }[] | { readonly error: string } {
  if (positionals.length === 0) return { error: 'error: you must specify the type of resource and a name' };
  if (positionals[0]!.includes('/')) {
    const targets: { kind: ObjectKind; name: string }[] = [];
    for (const positional of positionals) {
      const [type, name] = positional.split('/');
      const kind = objectKindNamed(type ?? '');
      if (!kind || !name) return { error: `error: the terminal does not change ${positional}: name TYPE/NAME with TYPE one of ${Object.keys(KINDS).filter((key) => key === KINDS[key]!.kind.toLowerCase()).join(', ')}` };
      targets.push({ kind, name });
    }
    return targets;
  }
  const kind = objectKindNamed(positionals[0]!);
  if (!kind) return { error: `error: the server doesn't have a resource type "${positionals[0]}"` };
  if (positionals.length < 2) return { error: 'error: resource(s) were provided, but no name was specified' };
  return positionals.slice(1).map((name) => ({ kind, name }));
}
