import { identityKey, type KubeObject } from '../objects';
import { objectsOfType } from '../snapshot/indexes';
import type { ClusterSnapshot, SourceRef } from '../snapshot/types';
import { evaluateConnection } from '../policy/evaluate';
import { policyTypesOf } from '../policy/networkPolicy';
import type { PolicyPeer } from '../policy/types';
import { externalPeer, foldedMatrix, type CellVerdict, type FoldedMatrix, type MatrixParty, type MatrixPort, type MatrixQuestion, type MatrixRow } from './matrix';

/** A verdict on one side of a comparison: `absent` where the source or the destination does not exist there. */
export type SideVerdict = CellVerdict | 'absent';

/** Every workload a destination's policies do not tell apart, as one source of a change. */
export const OTHER_SOURCES = '*';

/** One connection whose verdict differs between the two sides, with what decided on each. */
export interface ConnectionChange {
  /** `namespace/workload`, an external class (`external 0.0.0.0/0`), or `*`: every source the destination's policies treat alike. */
  readonly from: string;
  readonly to: string;
  readonly protocol: string;
  readonly port: number;
  readonly before: SideVerdict;
  readonly after: SideVerdict;
  readonly beforeReason?: string;
  readonly afterReason?: string;
  /** For `*`: how many workloads it stands for, and the first of them by name. */
  readonly sourceCount?: number;
  readonly sources?: readonly string[];
  /** The YAML that decided on each side (the policy rules, or the policies that isolate): both versions' lines. */
  readonly beforeRefs?: readonly SourceRef[];
  readonly afterRefs?: readonly SourceRef[];
}

/** How many of the workloads a `*` change stands for are named. */
const NAMED_SOURCES = 50;

/** An HTTP route (an Ingress rule, an HTTPRoute match, an Istio VirtualService route) whose backend differs between the sides. */
export interface RouteChange {
  readonly kind: 'Ingress' | 'HTTPRoute' | 'VirtualService';
  /** `namespace/name` of the object that routes. */
  readonly object: string;
  readonly host: string;
  readonly path: string;
  /** `namespace/service:port`, or undefined where the route does not exist. */
  readonly before?: string;
  readonly after?: string;
}

export interface DiffOptions {
  /** Compare every row whatever changed: what the narrowed comparison must equal. */
  readonly everyRow?: boolean;
  /** Whether two objects of one identity are known to say the same (their file did not change); others are compared. */
  readonly knownSame?: (before: KubeObject, after: KubeObject) => boolean;
}

export interface ConnectivityDiff {
  readonly connections: readonly ConnectionChange[];
  readonly routes: readonly RouteChange[];
  readonly services: { readonly added: readonly string[]; readonly removed: readonly string[] };
  readonly dnsNames: { readonly added: readonly string[]; readonly removed: readonly string[] };
}

/**
 * What a change does to connectivity: the connections whose verdict differs (policies, the admin tiers and the
 * meshes, as the matrix decides them), the HTTP routes whose backend differs, and the Services and DNS names that
 * come or go. Both sides are asked the same ports, so that a port one side's policies name is compared on the other.
 */
export function connectivityDiff(before: ClusterSnapshot, after: ClusterSnapshot, options: DiffOptions = {}): ConnectivityDiff {
  const questions = options.everyRow ? [{}] : questionsToAsk(before, after, options.knownSame ?? (() => false));
  // Each question's changes, merged (a change two questions find is one), and the parties each side was asked about.
  const found = new Map<string, ConnectionChange>();
  const parties = [new Map<string, MatrixParty>(), new Map<string, MatrixParty>()] as const;
  for (const question of questions) {
    const answer = changesFor(before, after, question);
    for (const change of answer.changes) {
      const key = `${change.from}|${change.to}|${change.protocol}/${change.port}`;
      if (!found.has(key)) found.set(key, change);
    }
    for (const party of answer.parties[0]) parties[0].set(party.name, party);
    for (const party of answer.parties[1]) parties[1].set(party.name, party);
  }
  const sorted = [...found.values()].sort((a, b) => a.to.localeCompare(b.to) || a.port - b.port || a.protocol.localeCompare(b.protocol) || a.from.localeCompare(b.from));
  const connections = sorted.map((change, index) => (index < LOCATED_CHANGES ? withDecidingLines(change, [before, parties[0]], [after, parties[1]]) : change));
  const services = (snapshot: ClusterSnapshot) => new Set(snapshot.services.filter((service) => !service.virtual || service.namespace === 'kube-system' || service.namespace === 'default').map((service) => `${service.namespace}/${service.name}`));
  const dnsNames = (snapshot: ClusterSnapshot) => new Set([...services(snapshot)].map((key) => `${key.split('/')[1]}.${key.split('/')[0]}.svc.${snapshot.profile.clusterDomain}`));
  return {
    connections,
    routes: routeChanges(routesOf(before), routesOf(after)),
    services: setChanges(services(before), services(after)),
    dnsNames: setChanges(dnsNames(before), dnsNames(after)),
  };
}

/** The connection changes one question finds: both sides asked it with the same ports and external classes. */
function changesFor(before: ClusterSnapshot, after: ClusterSnapshot, asked: MatrixQuestion): { changes: ConnectionChange[]; parties: readonly [readonly MatrixParty[], readonly MatrixParty[]] } {
  let sides = [foldedMatrix(before, undefined, undefined, asked), foldedMatrix(after, undefined, undefined, asked)] as const;
  // Both sides are asked the same questions: every port either asks of a destination, every external class either has.
  const ports = unionPorts(sides[0], sides[1]);
  const externals = [...new Map([...sides[0].parties, ...sides[1].parties].filter((party) => party.kind === 'external').map((party) => [party.name, party])).values()];
  const askedAlike = sides.every((side) => {
    const rows = new Set(side.rows.map((row) => `${row.to}|${row.protocol}/${row.port}`));
    return side.parties.filter((party) => party.kind === 'external').length === externals.length && side.rows.every((row) => ports.get(row.to)!.every((port) => rows.has(`${row.to}|${port.protocol}/${port.port}`)));
  });
  if (!askedAlike) {
    const question = { ...asked, morePorts: (destination: string) => ports.get(destination) ?? [], moreExternals: externals };
    sides = [foldedMatrix(before, undefined, undefined, question), foldedMatrix(after, undefined, undefined, question)];
  }
  // Asked of some sources only, a row's shared verdict stands for the others too, which this question did not tell
  // apart: its changes are those of the sources asked. (A shared verdict changes with the destination's ingress,
  // which the question of destinations answers.)
  const changes = connectionChanges(sides[0], sides[1]).filter((change) => asked.keepSource === undefined || change.from !== OTHER_SOURCES);
  return { changes, parties: [sides[0].parties, sides[1].parties] };
}

/**
 * The questions a change needs asked of both sides. A NetworkPolicy decides the ingress of the pods it selects and
 * their egress, no other: where only NetworkPolicies changed, the rows of the destinations in the namespaces of those
 * deciding ingress (every source), and the cells of the sources in the namespaces of those deciding egress (every
 * destination). Any other change may reach any cell: one question, of every cell.
 */
function questionsToAsk(before: ClusterSnapshot, after: ClusterSnapshot, knownSame: (before: KubeObject, after: KubeObject) => boolean): MatrixQuestion[] {
  const everything = [{}];
  if (contentOf(before.profile) !== contentOf(after.profile)) return everything;
  const objectsBefore = byIdentity(before);
  const objectsAfter = byIdentity(after);
  const ingress = new Set<string>();
  const egress = new Set<string>();
  for (const key of new Set([...objectsBefore.keys(), ...objectsAfter.keys()])) {
    const was = objectsBefore.get(key);
    const is = objectsAfter.get(key);
    if (was && is && (was === is || knownSame(was, is) || contentOf(was) === contentOf(is))) continue;
    for (const object of [was, is]) {
      if (object === undefined) continue;
      if (object.type !== 'NetworkPolicy') return everything;
      const namespace = object.id.namespace ?? 'default';
      const types = policyTypesOf(object);
      if (types.includes('Ingress')) ingress.add(namespace);
      if (types.includes('Egress')) egress.add(namespace);
    }
  }
  const inNamespaces = (namespaces: ReadonlySet<string>) => (name: string) => !name.startsWith('external ') && namespaces.has(name.split('/')[0]!);
  const questions: MatrixQuestion[] = [];
  if (ingress.size > 0) questions.push({ keepDestination: inNamespaces(ingress) });
  if (egress.size > 0) questions.push({ keepSource: inNamespaces(egress) });
  return questions;
}

function byIdentity(snapshot: ClusterSnapshot): Map<string, KubeObject> {
  return new Map(snapshot.objects.map((object) => [identityKey(object.id), object]));
}

/** An object's content, without where it was written: two copies of one manifest in different files are equal. */
function contentOf(value: unknown): string {
  return JSON.stringify(value, (key, item: unknown) => (key === 'span' || key === 'range' || key === 'uri' || key === 'source' ? undefined : item));
}

/** How many changes get the lines that decided them: each is one more evaluation on each side. */
const LOCATED_CHANGES = 500;

/**
 * A change with the YAML that decided it on each side: the last decision of each direction's chain (the rule that
 * admitted, or the policies that isolate and admitted nothing), for a pod of the source (the first workload a `*`
 * change names) and one of the destination.
 */
function withDecidingLines(change: ConnectionChange, before: readonly [ClusterSnapshot, ReadonlyMap<string, MatrixParty>], after: readonly [ClusterSnapshot, ReadonlyMap<string, MatrixParty>]): ConnectionChange {
  const refs = ([snapshot, parties]: readonly [ClusterSnapshot, ReadonlyMap<string, MatrixParty>], verdict: SideVerdict) => {
    if (verdict === 'absent') return undefined;
    const peer = (name: string | undefined): PolicyPeer | undefined => {
      const party = name === undefined ? undefined : parties.get(name);
      if (party?.kind === 'external') return party.ip ? externalPeer(party) : undefined;
      const pod = snapshot.pods.find((candidate) => `${candidate.workload.namespace}/${candidate.workload.name}` === name && candidate.ips.length > 0);
      return pod && { kind: 'pod', pod, ip: pod.ips[0]! };
    };
    const from = peer(change.from === OTHER_SOURCES ? change.sources?.[0] : change.from);
    const to = peer(change.to);
    if (!from || !to) return undefined;
    const decided = evaluateConnection({ from, to, protocol: change.protocol as 'TCP', port: change.port }, snapshot);
    const lines = [decided.egress, decided.ingress].flatMap((direction) => direction?.chain.at(-1)?.refs ?? []);
    return lines.length > 0 ? lines : undefined;
  };
  const beforeRefs = refs(before, change.before);
  const afterRefs = refs(after, change.after);
  return { ...change, ...(beforeRefs && { beforeRefs }), ...(afterRefs && { afterRefs }) };
}

/** The ports each destination is asked on either side. */
function unionPorts(before: FoldedMatrix, after: FoldedMatrix): Map<string, MatrixPort[]> {
  const ports = new Map<string, Map<string, MatrixPort>>();
  for (const row of [...before.rows, ...after.rows]) {
    const own = ports.get(row.to) ?? new Map<string, MatrixPort>();
    own.set(`${row.protocol}/${row.port}`, { protocol: row.protocol, port: row.port });
    ports.set(row.to, own);
  }
  return new Map([...ports].map(([destination, byKey]) => [destination, [...byKey.values()]]));
}

function connectionChanges(before: FoldedMatrix, after: FoldedMatrix): ConnectionChange[] {
  const rowKey = (row: MatrixRow) => `${row.to}|${row.protocol}/${row.port}`;
  const rowsBefore = new Map(before.rows.map((row) => [rowKey(row), row]));
  const rowsAfter = new Map(after.rows.map((row) => [rowKey(row), row]));
  const partiesBefore = new Set(before.parties.map((party) => party.name));
  const partiesAfter = new Set(after.parties.map((party) => party.name));
  // A row's shared verdict stands for workloads only: every external class has a cell of its own.
  const workloads = new Set([...before.parties, ...after.parties].filter((party) => party.kind === 'workload').map((party) => party.name));
  const changes: ConnectionChange[] = [];
  for (const key of new Set([...rowsBefore.keys(), ...rowsAfter.keys()])) {
    const rowBefore = rowsBefore.get(key);
    const rowAfter = rowsAfter.get(key);
    const { to, protocol, port } = (rowBefore ?? rowAfter)!;
    const verdictOf = (row: MatrixRow | undefined, parties: ReadonlySet<string>, source: string) => {
      if (!row || !parties.has(source)) return { verdict: 'absent' as const };
      const cell = row.cells.find((candidate) => candidate.from === source);
      if (cell) return { verdict: cell.verdict, reason: cell.reason };
      return row.others ? { verdict: row.others.verdict, reason: row.others.reason } : { verdict: 'absent' as const };
    };
    // The sources either side tells apart, each on its own; every other source shares the two sides' shared verdicts.
    const explicit = new Set([...(rowBefore?.cells ?? []), ...(rowAfter?.cells ?? [])].map((cell) => cell.from));
    for (const source of [...explicit].sort()) {
      const was = verdictOf(rowBefore, partiesBefore, source);
      const is = verdictOf(rowAfter, partiesAfter, source);
      if (was.verdict !== is.verdict) changes.push(change(source, to, protocol, port, was, is));
    }
    const othersBefore = rowBefore ? (rowBefore.others ?? undefined) : undefined;
    const othersAfter = rowAfter ? (rowAfter.others ?? undefined) : undefined;
    const was = othersBefore ? { verdict: othersBefore.verdict, reason: othersBefore.reason } : { verdict: 'absent' as const };
    const is = othersAfter ? { verdict: othersAfter.verdict, reason: othersAfter.reason } : { verdict: 'absent' as const };
    if (was.verdict === is.verdict) continue;
    // A destination that comes or goes changes for every source; its shared verdict says so once.
    const sharedSources = [...workloads].filter((source) => source !== to && !explicit.has(source)).sort();
    if (sharedSources.length > 0) changes.push({ ...change(OTHER_SOURCES, to, protocol, port, was, is), sourceCount: sharedSources.length, sources: sharedSources.slice(0, NAMED_SOURCES) });
  }
  return changes.sort((a, b) => a.to.localeCompare(b.to) || a.port - b.port || a.protocol.localeCompare(b.protocol) || a.from.localeCompare(b.from));
}

function change(from: string, to: string, protocol: string, port: number, was: { verdict: SideVerdict; reason?: string }, is: { verdict: SideVerdict; reason?: string }): ConnectionChange {
  return { from, to, protocol, port, before: was.verdict, after: is.verdict, ...(was.reason !== undefined && { beforeReason: was.reason }), ...(is.reason !== undefined && { afterReason: is.reason }) };
}

interface RouteEntry {
  readonly kind: RouteChange['kind'];
  readonly object: string;
  readonly host: string;
  readonly path: string;
  readonly backend: string;
}

/** Every HTTP route of the Ingresses, HTTPRoutes (Gateway API's and those attached to Services) and Istio VirtualServices: host, path and the backend it sends to. */
function routesOf(snapshot: ClusterSnapshot): Map<string, RouteEntry> {
  const routes = new Map<string, RouteEntry>();
  const add = (entry: RouteEntry) => routes.set(`${entry.kind}|${entry.object}|${entry.host}|${entry.path}`, entry);
  for (const ingress of objectsOfType(snapshot, 'Ingress')) {
    const namespace = ingress.id.namespace ?? 'default';
    for (const rule of ingress.spec?.rules?.value ?? []) {
      for (const path of rule.http?.paths?.value ?? []) {
        const service = path.backend?.service;
        const port = service?.port?.number?.value ?? service?.port?.name?.value ?? '';
        add({ kind: 'Ingress', object: `${namespace}/${ingress.id.name}`, host: rule.host?.value ?? '*', path: path.path?.value ?? '/', backend: service?.name ? `${namespace}/${service.name.value}:${port}` : '(resource)' });
      }
    }
  }
  for (const route of objectsOfType(snapshot, 'HTTPRoute')) {
    const namespace = route.id.namespace ?? 'default';
    const hosts = (route.spec?.hostnames?.value ?? []).map((hostname) => hostname.value);
    for (const rule of route.spec?.rules?.value ?? []) {
      const backends = (rule.backendRefs?.value ?? []).map((ref) => `${ref.namespace?.value ?? namespace}/${ref.name?.value ?? ''}:${ref.port?.value ?? ''}${ref.weight ? ` (weight ${ref.weight.value})` : ''}`).join(', ');
      const paths = (rule.matches?.value ?? []).map((match) => match.path?.value?.value ?? '/');
      for (const host of hosts.length > 0 ? hosts : ['*']) for (const path of paths.length > 0 ? paths : ['/']) add({ kind: 'HTTPRoute', object: `${namespace}/${route.id.name}`, host, path, backend: backends || '(none)' });
    }
  }
  for (const service of objectsOfType(snapshot, 'VirtualService')) {
    const namespace = service.id.namespace ?? 'default';
    const hosts = (service.spec?.hosts?.value ?? []).map((host) => host.value);
    for (const route of service.spec?.http?.value ?? []) {
      const answered = route.redirect ? `(redirect ${route.redirect.uri?.value ?? route.redirect.authority?.value ?? ''})` : route.directResponse ? `(direct response ${route.directResponse.status?.value ?? 200})` : undefined;
      const destinations = (route.route?.value ?? []).map((entry) => `${entry.destination?.host?.value ?? ''}${entry.destination?.subset ? ` subset ${entry.destination.subset.value}` : ''}${entry.destination?.port?.number ? `:${entry.destination.port.number.value}` : ''}${entry.weight ? ` (weight ${entry.weight.value})` : ''}`).join(', ');
      const paths = (route.match?.value ?? []).map((match) => match.uri?.exact?.value ?? match.uri?.prefix?.value ?? (match.uri?.regex ? `~${match.uri.regex.value}` : '/'));
      for (const host of hosts.length > 0 ? hosts : ['*']) for (const path of paths.length > 0 ? paths : ['/']) add({ kind: 'VirtualService', object: `${namespace}/${service.id.name}`, host, path, backend: answered ?? (destinations || '(none)') });
    }
  }
  return routes;
}

function routeChanges(before: Map<string, RouteEntry>, after: Map<string, RouteEntry>): RouteChange[] {
  const changes: RouteChange[] = [];
  for (const key of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const was = before.get(key);
    const is = after.get(key);
    if (was?.backend === is?.backend) continue;
    const entry = (was ?? is)!;
    changes.push({ kind: entry.kind, object: entry.object, host: entry.host, path: entry.path, ...(was && { before: was.backend }), ...(is && { after: is.backend }) });
  }
  return changes;
}

function setChanges(before: ReadonlySet<string>, after: ReadonlySet<string>): { added: string[]; removed: string[] } {
  return { added: [...after].filter((item) => !before.has(item)).sort(), removed: [...before].filter((item) => !after.has(item)).sort() };
}

/**
 * The diff with the base side's lines moved where the reader finds them (a git revision's files were read from a
 * temporary folder): `relocate` gives each of their URIs its new one.
 */
export function relocateBaseLines(diff: ConnectivityDiff, relocate: (uri: string) => string): ConnectivityDiff {
  const moved = (refs: readonly SourceRef[] | undefined) => refs?.map((ref) => ({ ...ref, uri: relocate(ref.uri) }));
  return { ...diff, connections: diff.connections.map((change) => (change.beforeRefs ? { ...change, beforeRefs: moved(change.beforeRefs)! } : change)) };
}
