import { containersOf, podTemplateOf, type KubeObject, type LocatedStringMap } from '../objects';
import type { FieldSpan, Located } from '../source';
import type { CheckContext } from './context';

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_PART = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** The name rule of each kind whose names are checked; other kinds (RBAC roles allow ':') are left alone. */
const NAME_RULES: Partial<Record<KubeObject['type'], { pattern: RegExp; max: number; words: string }>> = {
  Service: { pattern: DNS_1035_LABEL, max: 63, words: "lower-case letters, digits and '-', starting with a letter, at most 63 characters" },
  Namespace: { pattern: DNS_1123_LABEL, max: 63, words: "lower-case letters, digits and '-', at most 63 characters" },
};
const SUBDOMAIN_RULE = { pattern: DNS_SUBDOMAIN, max: 253, words: "lower-case letters, digits, '-' and '.', at most 253 characters" };
const SUBDOMAIN_NAMED = new Set<KubeObject['type']>(['Pod', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicationController', 'ConfigMap', 'Secret', 'Ingress', 'IngressClass', 'NetworkPolicy', 'EndpointSlice', 'Endpoints', 'Node']);

/** KT010: values the API server rejects, whatever the rest of the cluster holds: object names, labels, port numbers. */
export function checkValues(context: CheckContext): void {
  for (const object of context.subjects()) {
    checkName(context, object);
    checkLabels(context, object, object.metadata.labels);
    const template = podTemplateOf(object);
    if (template && template !== object) checkLabels(context, object, template.metadata?.labels);
    for (const container of containersOf(object)) {
      for (const port of container.ports?.value ?? []) checkPortNumber(context, object, port.containerPort, 'containerPort');
    }
    if (object.type === 'Service') {
      for (const port of object.spec?.ports?.value ?? []) {
        checkPortNumber(context, object, port.port, 'port');
        // targetPort 0 is defaulted to the port, not rejected.
        if (typeof port.targetPort?.value === 'number' && port.targetPort.value !== 0) checkPortNumber(context, object, port.targetPort as Located<number>, 'targetPort');
      }
    }
    if (object.type === 'NetworkPolicy') {
      for (const rule of [...(object.spec?.ingress?.value ?? []), ...(object.spec?.egress?.value ?? [])]) {
        for (const port of rule.ports?.value ?? []) {
          const number = typeof port.port?.value === 'number' ? (port.port as Located<number>) : undefined;
          checkPortNumber(context, object, number, 'port');
          if (port.endPort) checkEndPort(context, object, number, port.endPort);
        }
      }
    }
  }
}

function checkName(context: CheckContext, object: KubeObject): void {
  const rule = NAME_RULES[object.type] ?? (SUBDOMAIN_NAMED.has(object.type) ? SUBDOMAIN_RULE : undefined);
  const name = object.metadata.name;
  if (!rule || (name.value.length <= rule.max && rule.pattern.test(name.value))) return;
  context.report({ code: 'KT010', object, at: name.span, message: `${object.id.kind} name ${quoted(name.value)} is not a valid name (${rule.words}): the API server rejects it.` });
}

function checkLabels(context: CheckContext, object: KubeObject, labels: LocatedStringMap | undefined): void {
  if (!labels) return;
  for (const [key, value] of Object.entries(labels.value)) {
    const span: FieldSpan = labels.entries[key] ?? labels.span;
    const problem = labelKeyProblem(key) ?? (value !== '' && (value.length > 63 || !LABEL_PART.test(value)) ? `label value ${quoted(value)} must be at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit` : undefined);
    if (problem) context.report({ code: 'KT010', object, at: span, message: `The ${problem}: the API server rejects it.` });
  }
}

/** What is wrong with each label key, once per key: a few keys (app, team, app.kubernetes.io/name) label every object. */
const keyProblems = new Map<string, string | undefined>();

function labelKeyProblem(key: string): string | undefined {
  if (keyProblems.has(key)) return keyProblems.get(key);
  const problem = readLabelKey(key);
  // Keys are few; a workspace of generated keys is not kept without end.
  if (keyProblems.size >= 10_000) keyProblems.clear();
  keyProblems.set(key, problem);
  return problem;
}

function readLabelKey(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) return `label key prefix ${quoted(prefix)} must be a DNS subdomain (lower-case letters, digits, '-' and '.')`;
  if (name.length === 0 || name.length > 63 || !LABEL_PART.test(name)) return `label key ${quoted(key)} must be at most 63 letters, digits, '-', '_' and '.' (after an optional DNS prefix and '/'), starting and ending with a letter or digit`;
  return undefined;
}

function checkPortNumber(context: CheckContext, object: KubeObject, port: Located<number> | undefined, field: string): void {
  if (port && (port.value < 1 || port.value > 65535)) context.report({ code: 'KT010', object, at: port.span, message: `${field} ${port.value} is not between 1 and 65535: the API server rejects it.` });
}

function checkEndPort(context: CheckContext, object: KubeObject, port: Located<number> | undefined, endPort: Located<number>): void {
  if (!port) context.report({ code: 'KT010', object, at: endPort.span, message: 'endPort needs a numeric port to start the range: the API server rejects it.' });
  else if (endPort.value < port.value || endPort.value > 65535) context.report({ code: 'KT010', object, at: endPort.span, message: `endPort ${endPort.value} must be between port ${port.value} and 65535: the API server rejects it.` });
}

/** A value from a manifest in a message: quoted, and cut short when long. */
function quoted(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
}
