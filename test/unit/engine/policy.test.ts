import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { connectivityMatrix } from '../../../server/src/engine/connectivity/matrix';
import { evaluateConnection } from '../../../server/src/engine/policy/evaluate';
import type { ConnectionVerdict, PolicyPeer } from '../../../server/src/engine/policy/types';
import type { ClusterSnapshot } from '../../../server/src/engine/snapshot/types';
import { snapshotOf } from '../../support/engineFixtures';

const NAMESPACES = ['web', 'api', 'db']
  .map((name) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}, labels: {team: ${name === 'db' ? 'data' : 'app'}}}\n`)
  .join('---\n');
const pod = (namespace: string, name: string, labels: string, ports = '[{name: http, containerPort: 8080}]') =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: ${namespace}, labels: ${labels}}\nspec: {containers: [{name: c, ports: ${ports}}]}\n`;
const PODS = [
  pod('web', 'front', '{app: front}'),
  pod('web', 'other', '{app: other}'),
  pod('api', 'api', '{app: api}'),
  pod('api', 'api-v2', '{app: api}', '[{name: http, containerPort: 9090}]'),
  pod('db', 'db', '{app: db}', '[{containerPort: 5432}]'),
].join('---\n');

function build(policies: string, profile: object = {}): ClusterSnapshot {
  return snapshotOf([NAMESPACES, PODS, policies].filter((part) => part !== '').join('---\n'), profile);
}

function peer(snapshot: ClusterSnapshot, name: string): PolicyPeer {
  if (/^\d/.test(name)) return { kind: 'external', ip: name };
  const [namespace, podName] = name.split('/');
  const found = snapshot.pods.find((candidate) => candidate.namespace === namespace && candidate.name === podName)!;
  return { kind: 'pod', pod: found, ip: found.ips[0]! };
}

function connect(snapshot: ClusterSnapshot, from: string, to: string, port: number, protocol: 'TCP' | 'UDP' | 'SCTP' = 'TCP'): ConnectionVerdict {
  return evaluateConnection({ from: peer(snapshot, from), to: peer(snapshot, to), protocol, port }, snapshot);
}

const policy = (namespace: string, name: string, spec: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n${spec}\n`;

describe('NetworkPolicy semantics', () => {
  test('no policy: everything is allowed and not isolated', () => {
    const verdict = connect(build(''), 'web/front', 'api/api', 8080);
    assert.equal(verdict.allowed, true);
    assert.deepEqual([verdict.egress?.isolatedBy, verdict.ingress?.isolatedBy], [[], []]);
  });

  test('a default deny names the policy; an empty podSelector selects every pod of its namespace only', () => {
    const snapshot = build(policy('api', 'deny', '  podSelector: {}\n  policyTypes: [Ingress]'));
    const verdict = connect(snapshot, 'web/front', 'api/api', 8080);
    assert.equal(verdict.allowed, false);
    assert.deepEqual(verdict.ingress?.isolatedBy, ['api/deny']);
    assert.equal(verdict.ingress?.chain.at(-1)?.action, 'DefaultDeny');
    assert.equal(connect(snapshot, 'api/api', 'web/front', 8080).allowed, true, 'web is not isolated');
  });

  test('policyTypes is inferred: Ingress always, Egress only with egress rules', () => {
    const snapshot = build(policy('web', 'only-ingress-rules', '  podSelector: {matchLabels: {app: front}}\n  ingress: [{}]\n  egress: []'));
    assert.equal(connect(snapshot, 'web/front', 'db/db', 5432).allowed, true, 'an empty egress list does not isolate egress');
    const egress = build(policy('web', 'egress', '  podSelector: {matchLabels: {app: front}}\n  egress: [{to: [{podSelector: {}}]}]'));
    assert.equal(connect(egress, 'web/front', 'db/db', 5432).allowed, false, 'podSelector alone means the policy\'s own namespace');
    assert.equal(connect(egress, 'web/front', 'web/other', 8080).allowed, true);
    assert.equal(connect(egress, 'api/api', 'web/front', 8080).allowed, false, 'Ingress is isolated too, with no ingress rule');
  });

  test('namespaceSelector AND podSelector in one peer; separate peers are OR', () => {
    const and = build(policy('api', 'and', '  podSelector: {}\n  ingress: [{from: [{namespaceSelector: {matchLabels: {team: app}}, podSelector: {matchLabels: {app: front}}}]}]'));
    assert.equal(connect(and, 'web/front', 'api/api', 8080).allowed, true);
    assert.equal(connect(and, 'web/other', 'api/api', 8080).allowed, false, 'right namespace, wrong pod');
    const or = build(policy('api', 'or', '  podSelector: {}\n  ingress: [{from: [{namespaceSelector: {matchLabels: {team: app}}}, {podSelector: {matchLabels: {app: front}}}]}]'));
    assert.equal(connect(or, 'web/other', 'api/api', 8080).allowed, true, 'any pod of a team=app namespace');
    assert.equal(connect(or, 'db/db', 'api/api', 8080).allowed, false);
  });

  test('the automatic kubernetes.io/metadata.name label and matchExpressions', () => {
    const snapshot = build(policy('api', 'expr', "  podSelector: {}\n  ingress: [{from: [{namespaceSelector: {matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: [db]}]}}]}]"));
    assert.equal(connect(snapshot, 'web/front', 'api/api', 8080).allowed, true);
    assert.equal(connect(snapshot, 'db/db', 'api/api', 8080).allowed, false);
  });

  test('named ports resolve on each destination pod: the same rule admits 8080 on one and 9090 on another', () => {
    const snapshot = build(policy('api', 'http', '  podSelector: {}\n  ingress: [{ports: [{port: http}]}]'));
    assert.equal(connect(snapshot, 'web/front', 'api/api', 8080).allowed, true);
    assert.equal(connect(snapshot, 'web/front', 'api/api', 9090).allowed, false);
    assert.equal(connect(snapshot, 'web/front', 'api/api-v2', 9090).allowed, true);
    assert.equal(connect(snapshot, 'web/front', 'api/api', 8080, 'UDP').allowed, false, 'a named port matches only its protocol');
  });

  test('endPort ranges are inclusive; protocol defaults to TCP', () => {
    const snapshot = build(policy('db', 'range', '  podSelector: {}\n  ingress: [{ports: [{port: 5000, endPort: 5432}]}]'));
    assert.equal(connect(snapshot, 'web/front', 'db/db', 5432).allowed, true);
    assert.equal(connect(snapshot, 'web/front', 'db/db', 5433).allowed, false);
    assert.equal(connect(snapshot, 'web/front', 'db/db', 5432, 'UDP').allowed, false);
  });

  test('ipBlock with except, for addresses outside the cluster; pods are not matched by default', () => {
    const snapshot = build(policy('api', 'cidr', '  podSelector: {}\n  ingress: [{from: [{ipBlock: {cidr: 192.0.2.0/24, except: [192.0.2.128/25]}}]}]'));
    assert.equal(connect(snapshot, '192.0.2.10', 'api/api', 8080).allowed, true);
    assert.equal(connect(snapshot, '192.0.2.200', 'api/api', 8080).allowed, false, 'except');
    const pods = build(policy('api', 'pods', '  podSelector: {}\n  ingress: [{from: [{ipBlock: {cidr: 10.244.0.0/16}}]}]'));
    const verdict = connect(pods, 'web/front', 'api/api', 8080);
    assert.equal(verdict.allowed, false);
    assert.ok(verdict.notes.some((note) => note.startsWith('ipBlock rules are not matched against pod addresses')));
    assert.equal(connect(build(policy('api', 'pods', '  podSelector: {}\n  ingress: [{from: [{ipBlock: {cidr: 10.244.0.0/16}}]}]'), { policy: { ipBlockMatchesPods: true } }), 'web/front', 'api/api', 8080).allowed, true);
  });

  test('IPv6 ipBlocks', () => {
    const snapshot = build(policy('api', 'v6', '  podSelector: {}\n  ingress: [{from: [{ipBlock: {cidr: "2001:db8::/32", except: ["2001:db8:1::/48"]}}]}]'));
    assert.equal(connect(snapshot, '2001:db8:2::1', 'api/api', 8080).allowed, true);
    assert.equal(connect(snapshot, '2001:db8:1::1', 'api/api', 8080).allowed, false);
  });

  test('an empty from, and empty ports, admit everything; policies add up', () => {
    const snapshot = build([policy('api', 'a', '  podSelector: {}\n  ingress: [{from: [{podSelector: {matchLabels: {app: nobody}}}]}]'), policy('api', 'b', '  podSelector: {}\n  ingress: [{from: []}]')].join('---\n'));
    const verdict = connect(snapshot, 'db/db', 'api/api', 8080);
    assert.equal(verdict.allowed, true);
    assert.match(verdict.ingress?.chain.at(-1)?.explanation ?? '', /rule 1 of api\/b admits it \(from any peer, any port\)/);
  });

  test('a default deny says which rule came closest', () => {
    const snapshot = build(policy('api', 'allow-front', '  podSelector: {}\n  ingress: [{from: [{namespaceSelector: {matchLabels: {team: web}}, podSelector: {matchLabels: {app: front}}}], ports: [{port: 8080}]}]'));
    const verdict = connect(snapshot, 'web/front', 'api/api', 8080);
    assert.equal(verdict.allowed, false);
    assert.equal(verdict.ingress?.nearestMiss, 'ingress rule 1 of api/allow-front would admit this if the source namespace had label team=web');
  });

  test('a CNI that does not enforce policy: the verdict still says what the policies mean, and that they are not enforced', () => {
    const verdict = connect(build(policy('api', 'deny', '  podSelector: {}\n  policyTypes: [Ingress]'), { cni: { plugin: 'flannel' } }), 'web/front', 'api/api', 8080);
    assert.equal(verdict.allowed, false);
    assert.equal(verdict.enforced, false);
    assert.ok(verdict.notes.some((note) => note.startsWith('flannel does not enforce NetworkPolicy')));
  });
});

describe('admin policy tiers', () => {
  const anp = (name: string, priority: number, spec: string) => `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: ${name}}\nspec:\n  priority: ${priority}\n${spec}\n`;
  const banp = (spec: string) => `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata: {name: default}\nspec:\n${spec}\n`;
  const subjectApi = '  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: api}}}';

  test('ANP Deny wins over a NetworkPolicy allow; the lower priority number goes first', () => {
    const snapshot = build([
      policy('api', 'allow-all', '  podSelector: {}\n  ingress: [{}]'),
      anp('deny-web', 20, `${subjectApi}\n  ingress: [{name: no-web, action: Deny, from: [{namespaces: {matchLabels: {team: app}}}]}]`),
      anp('allow-front', 10, `${subjectApi}\n  ingress: [{name: front, action: Allow, from: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: front}}}}]}]`),
    ].join('---\n'));
    const front = connect(snapshot, 'web/front', 'api/api', 8080);
    assert.equal(front.allowed, true);
    assert.equal(front.ingress?.chain[0]?.policy, 'allow-front');
    const other = connect(snapshot, 'web/other', 'api/api', 8080);
    assert.equal(other.allowed, false);
    assert.match(other.ingress?.chain[0]?.explanation ?? '', /"no-web" of AdminNetworkPolicy deny-web \(priority 20\): Deny/);
  });

  test('Pass hands the decision to NetworkPolicy, then to the baseline', () => {
    const pass = anp('pass', 5, `${subjectApi}\n  ingress: [{action: Pass, from: [{namespaces: {}}]}]`);
    const baselineDeny = banp(`${subjectApi}\n  ingress: [{action: Deny, from: [{namespaces: {}}]}]`);
    const withPolicy = build([pass, baselineDeny, policy('api', 'allow-web', '  podSelector: {}\n  ingress: [{from: [{namespaceSelector: {matchLabels: {team: app}}}]}]')].join('---\n'));
    const verdict = connect(withPolicy, 'web/front', 'api/api', 8080);
    assert.equal(verdict.allowed, true);
    assert.deepEqual(verdict.ingress?.chain.map((decision) => `${decision.tier}:${decision.action}`), ['AdminNetworkPolicy:Pass', 'NetworkPolicy:Allow']);
    const noPolicy = build([pass, baselineDeny].join('---\n'));
    assert.deepEqual(connect(noPolicy, 'web/front', 'api/api', 8080).ingress?.chain.map((decision) => `${decision.tier}:${decision.action}`), ['AdminNetworkPolicy:Pass', 'BaselineAdminNetworkPolicy:Deny']);
  });

  test('admin ports: portNumber, namedPort and portRange; egress to networks', () => {
    const snapshot = build([
      anp('ports', 1, `${subjectApi}\n  ingress: [{action: Deny, from: [{namespaces: {}}], ports: [{namedPort: http}, {portRange: {start: 9000, end: 9100}}]}]`),
      anp('egress', 2, "  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: web}}}\n  egress: [{action: Deny, to: [{networks: [203.0.113.0/24]}]}]"),
    ].join('---\n'));
    assert.equal(connect(snapshot, 'web/front', 'api/api', 8080).allowed, false, 'http is 8080 on api');
    assert.equal(connect(snapshot, 'web/front', 'api/api-v2', 9090).allowed, false, 'http is 9090 on api-v2, and 9090 is in the range too');
    assert.equal(connect(snapshot, 'web/front', 'api/api', 7000).allowed, true);
    assert.equal(connect(snapshot, 'web/front', '203.0.113.5', 443).allowed, false);
    assert.equal(connect(snapshot, 'web/front', '198.51.100.5', 443).allowed, true);
  });
});

describe('ClusterNetworkPolicy (v1alpha2)', () => {
  const cnp = (name: string, tier: string, priority: number, spec: string) =>
    `apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: {name: ${name}}\nspec:\n  tier: ${tier}\n  priority: ${priority}\n${spec}\n`;
  const subjectApi = '  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: api}}}';

  test('Admin tier Accept and Deny by protocol and port; Pass hands over to NetworkPolicy', () => {
    const snapshot = build([
      cnp('admin', 'Admin', 10, `${subjectApi}\n  ingress:\n    - {name: ok-front, action: Accept, from: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: front}}}}], protocols: [{tcp: {destinationPort: {number: 8080}}}]}\n    - {name: pass-web, action: Pass, from: [{namespaces: {matchLabels: {team: app}}}]}\n    - {name: no-db, action: Deny, from: [{namespaces: {matchLabels: {team: data}}}], protocols: [{tcp: {destinationPort: {range: {start: 8000, end: 9000}}}}]}`),
      policy('api', 'deny', '  podSelector: {}\n  policyTypes: [Ingress]'),
    ].join('---\n'));
    const front = connect(snapshot, 'web/front', 'api/api', 8080);
    assert.equal(front.allowed, true);
    assert.match(front.ingress?.chain[0]?.explanation ?? '', /"ok-front" of ClusterNetworkPolicy admin \(Admin tier, priority 10\): Allow/);
    const passed = connect(snapshot, 'web/other', 'api/api', 8080);
    assert.deepEqual(passed.ingress?.chain.map((decision) => `${decision.tier}:${decision.action}`), ['ClusterNetworkPolicy:Pass', 'NetworkPolicy:DefaultDeny']);
    assert.deepEqual(connect(snapshot, 'db/db', 'api/api', 8080).ingress?.chain.map((decision) => `${decision.tier}:${decision.action}`), ['ClusterNetworkPolicy:Deny']);
    assert.deepEqual(
      connect(snapshot, 'db/db', 'api/api', 9090).ingress?.chain.map((decision) => `${decision.tier}:${decision.action}`),
      ['NetworkPolicy:DefaultDeny'],
      'outside the range the admin tier says nothing and the NetworkPolicy decides',
    );
  });

  test('Baseline tier applies only where no NetworkPolicy isolates; networks match pod addresses too', () => {
    const snapshot = build(cnp('baseline', 'Baseline', 5, "  subject: {namespaces: {}}\n  egress: [{action: Deny, to: [{networks: [10.244.0.0/16]}]}]"));
    const verdict = connect(snapshot, 'web/front', 'api/api', 8080);
    assert.equal(verdict.allowed, false, 'pod-to-pod traffic matches 10.244.0.0/16');
    assert.equal(verdict.egress?.chain.at(-1)?.tier, 'ClusterNetworkPolicy');
  });
});

describe('connectivity matrix', () => {
  test('workloads and external classes by workloads, per port, evaluated per class', () => {
    const snapshot = build(policy('api', 'http', '  podSelector: {}\n  ingress: [{from: [{namespaceSelector: {matchLabels: {team: app}}}], ports: [{port: http}]}]'));
    const matrix = connectivityMatrix(snapshot);
    const cell = (from: string, to: string, port: number) => matrix.cells.find((candidate) => candidate.from === from && candidate.to === to && candidate.port === port)?.verdict;
    assert.equal(cell('web/front', 'api/api', 8080), 'allowed');
    assert.equal(cell('db/db', 'api/api', 8080), 'denied');
    assert.equal(cell('external 198.51.100.7 (the internet)', 'api/api', 8080), 'denied');
    assert.equal(cell('web/front', 'db/db', 5432), 'allowed');
    assert.ok(matrix.classes < snapshot.pods.length, `${matrix.classes} classes for ${snapshot.pods.length} pods`);
  });

  test('a workload whose pods differ gives "depends"', () => {
    const text = [NAMESPACES, pod('web', 'front', '{app: front}'), pod('api', 'a1', '{app: api, v: "1"}'), pod('api', 'a2', '{app: api, v: "2"}'), policy('api', 'v2-denied', '  podSelector: {matchLabels: {v: "2"}}\n  policyTypes: [Ingress]')].join('---\n');
    const snapshot = snapshotOf(text.replace(/name: a(\d), namespace: api/g, 'name: a$1, namespace: api, ownerReferences: [{kind: ReplicaSet, name: api, controller: true}]'));
    const matrix = connectivityMatrix(snapshot, { protocol: 'TCP', port: 8080 });
    assert.equal(matrix.cells.find((cell) => cell.from === 'web/front' && cell.to === 'api/api')?.verdict, 'depends');
  });
});

describe('allow this flow', () => {
  test('writes the policies that let a denied connection through, and only that connection', async () => {
    const { allowFlow } = await import('../../../server/src/engine/policy/allowFlow');
    const { parseManifest } = await import('../../../server/src/model/parseManifest');
    const { buildSnapshot } = await import('../../../server/src/engine/snapshot/buildSnapshot');
    const policies = [policy('api', 'deny', '  podSelector: {}\n  policyTypes: [Ingress]'), policy('web', 'deny-egress', '  podSelector: {}\n  policyTypes: [Egress]')].join('---\n');
    const text = [NAMESPACES, PODS, policies].join('---\n');
    const snapshot = snapshotOf(text);
    const from = peer(snapshot, 'web/front');
    const to = peer(snapshot, 'api/api');
    assert.equal(evaluateConnection({ from, to, protocol: 'TCP', port: 8080 }, snapshot).allowed, false);
    const proposals = allowFlow({ from, to, protocol: 'TCP', port: 8080 }, snapshot);
    assert.deepEqual(proposals.map((proposal) => [proposal.direction, proposal.policyName]), [
      ['Egress', 'allow-front-to-api-8080'],
      ['Ingress', 'allow-front-to-api-8080'],
    ]);
    const fixed = `${text}\n${proposals.map((proposal) => proposal.yaml).join('')}`;
    const parsed = parseManifest('file:///test/manifests.yaml', fixed);
    assert.deepEqual(parsed.problems, []);
    const after = buildSnapshot(parsed.objects, snapshot.profile);
    const again = (name: string) => peer(after, name);
    assert.equal(evaluateConnection({ from: again('web/front'), to: again('api/api'), protocol: 'TCP', port: 8080 }, after).allowed, true);
    assert.equal(evaluateConnection({ from: again('web/front'), to: again('api/api'), protocol: 'TCP', port: 9090 }, after).allowed, false, 'only that port');
    assert.equal(evaluateConnection({ from: again('web/other'), to: again('api/api'), protocol: 'TCP', port: 8080 }, after).allowed, false, 'only that source');
  });
});
