import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { answerRequest } from '../../../server/src/features/query';
import { snapshotOf } from '../../support/engineFixtures';
import { PROJECT_ROOT } from '../../support/fixtures';

/**
 * kube-proxy's own golden tests as ours: TestOverallIPTablesRules, TestOverallNFTablesRules and TestSyncProxyRulesRepeated
 * (kubernetes/kubernetes pkg/proxy/iptables/proxier_test.go and pkg/proxy/nftables/proxier_test.go), their
 * Services and EndpointSlices in test/fixtures/kube-proxy/*.yaml and their expected text next to them. Both
 * sides are normalised only as kube-proxy's tests normalise them (sortIPTablesRules, sortNFTablesTransaction);
 * comment lines (our header, the expectation's `# svcN`) are left out, as iptables-restore and nft ignore them.
 */
const FIXTURES = path.join(PROJECT_ROOT, 'test', 'fixtures', 'kube-proxy');
const read = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

/** NewFakeProxier's cluster: node test-node at 192.168.0.2, pods in 10.0.0.0/8, Services in 172.30.0.0/16. */
const FAKE_PROXIER = {
  podCIDR: ['10.0.0.0/8'],
  serviceCIDR: ['172.30.0.0/16'],
  nodes: [{ name: 'test-node', addresses: ['192.168.0.2'] }],
  // The fake API server takes node ports below the default range.
  nodePortRange: '3000-32767',
  // The fake iptables has no --random-fully.
  kubeProxy: { masqueradeRandomFully: false },
};

/** The nftables NewFakeProxier accepts NodePorts on the node's address only; its expectations start with baseRules. */
const NFTABLES_FAKE_PROXIER = { ...FAKE_PROXIER, kubeProxy: { mode: 'nftables', nodePortAddresses: ['192.168.0.2/32'] } };

function rules(mode: 'iptables' | 'nftables', profile: object, fixture = 'overall.yaml'): string {
  const answer = answerRequest({ id: 1, kind: 'rules', mode, node: 'test-node', builtins: false }, snapshotOf(read(fixture), profile));
  assert.equal(typeof answer['text'], 'string', JSON.stringify(answer));
  return answer['text'] as string;
}

/** Go's string order: by UTF-16 code units, not by locale. */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The Service a rule's comment names (up to the first space or colon), as orderByCommentServiceName reads it. */
function commentService(rule: string): string | undefined {
  const comment = /-m comment --comment ("[^"]*"|\S+)/.exec(rule)?.[1]?.replace(/"/g, '');
  return comment?.split(/[ :]/)[0];
}

/** sortIPTablesRules: chains KUBE-NODEPORTS, KUBE-SERVICES, then by name; rules by chain; some chains by Service. */
function sortIPTablesRules(text: string): string {
  const tables = new Map<string, { chains: string[]; rules: string[] }>();
  let table: { chains: string[]; rules: string[] } | undefined;
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#') || line === 'COMMIT') continue;
    if (line.startsWith('*')) tables.set(line.slice(1), (table = { chains: [], rules: [] }));
    else if (line.startsWith(':')) table!.chains.push(line.slice(1).split(' ')[0]!);
    else table!.rules.push(line);
  }
  const rank = (chain: string) => (chain === 'KUBE-NODEPORTS' ? 0 : chain === 'KUBE-SERVICES' ? 1 : chain.startsWith('KUBE-') ? 2 : 3);
  const out: string[] = [];
  for (const name of [...tables.keys()].sort()) {
    const { chains, rules: tableRules } = tables.get(name)!;
    const sorted = [...chains].sort((a, b) => rank(a) - rank(b) || byText(a, b));
    out.push(`*${name}`, ...sorted.map((chain) => `:${chain} - [0:0]`));
    for (const chain of sorted) {
      const own = tableRules.filter((rule) => rule.split(' ')[1] === chain);
      if (chain === 'KUBE-NODEPORTS' || chain === 'KUBE-SERVICES') {
        const last = (rule: string) => (name === 'nat' && chain === 'KUBE-SERVICES' && rule.includes('must be the last rule') ? 1 : 0);
        own.sort((a, b) => last(a) - last(b) || byText(commentService(a) ?? '', commentService(b) ?? ''));
      }
      out.push(...own);
    }
    out.push('COMMIT');
  }
  return out.join('\n');
}

const OBJECT_ORDER: Record<string, number> = { table: 10, chain: 9, rule: 8, set: 7, map: 6, element: 5 };

/** sortNFTablesTransaction: by object type, then object name; rules keep their order, other lines sort whole. */
function sortNFTablesTransaction(text: string): string {
  const lines = text.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
  return lines
    .sort((a, b) => {
      const [left, right] = [a.split(' '), b.split(' ')];
      if (left.length < 5 || right.length < 5) return 0;
      if (left[1] !== right[1]) return (OBJECT_ORDER[right[1]!] ?? 0) - (OBJECT_ORDER[left[1]!] ?? 0);
      if (left[4] !== right[4]) return byText(left[4]!, right[4]!);
      if (left[1] === 'rule') return 0;
      return byText(a, b);
    })
    .join('\n');
}

describe('kube-proxy golden tests (kubernetes/kubernetes proxier_test.go)', () => {
  test('TestOverallIPTablesRules: the iptables-restore payload, line for line', () => {
    assert.equal(sortIPTablesRules(rules('iptables', FAKE_PROXIER)), sortIPTablesRules(read('overall.iptables.txt')));
  });

  test('TestSyncProxyRulesRepeated (iptables), its first (full) sync: two ClusterIP Services', () => {
    assert.equal(sortIPTablesRules(rules('iptables', FAKE_PROXIER, 'sync-repeated.yaml')), sortIPTablesRules(read('sync-repeated.iptables.txt')));
  });

  test('TestOverallNFTablesRules: the nft transaction, line for line', () => {
    assert.equal(sortNFTablesTransaction(rules('nftables', NFTABLES_FAKE_PROXIER)), sortNFTablesTransaction(read('nftables-base.txt') + read('overall.nftables.txt')));
  });

  test('TestSyncProxyRulesRepeated (nftables), once svc2 is gone and svc4 has no endpoints yet', () => {
    assert.equal(sortNFTablesTransaction(rules('nftables', NFTABLES_FAKE_PROXIER, 'sync-repeated-nftables.yaml')), sortNFTablesTransaction(read('nftables-base.txt') + read('sync-repeated.nftables.txt')));
  });

  test('the built-in Services stay in the rules unless builtins is false', () => {
    const snapshot = snapshotOf(read('overall.yaml'), FAKE_PROXIER);
    const all = answerRequest({ kind: 'rules', mode: 'iptables', node: 'test-node' }, snapshot)['text'] as string;
    assert.match(all, /default\/kubernetes:https cluster IP/);
    assert.match(all, /kube-system\/kube-dns:dns cluster IP/);
    const own = answerRequest({ kind: 'rules', mode: 'iptables', node: 'test-node', builtins: false }, snapshot)['text'] as string;
    assert.doesNotMatch(own, /default\/kubernetes|kube-system\/kube-dns/);
    assert.deepEqual(answerRequest({ id: 2, kind: 'rules', builtins: 'no' }, snapshot), { id: 2, error: '"builtins" must be true or false' });
  });
});
