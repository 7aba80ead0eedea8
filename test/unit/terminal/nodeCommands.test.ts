import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { podsOfApp, serviceIp, terminalOn } from './terminalFixture';

describe('commands on a node, answered from the kube-proxy rules the engine renders', () => {
  test('doc 001: iptables -t nat -L KUBE-SERVICES | grep, then the Service chain picks each endpoint with its probability', () => {
    const { terminal, snapshot } = terminalOn();
    const ip = serviceIp(snapshot, 'default', 'my-api');
    terminal.run('node node-1');
    assert.equal(terminal.prompt(), 'node/node-1# ');
    const line = terminal.run('iptables -t nat -L KUBE-SERVICES -n | grep my-api').stdout;
    const match = new RegExp(`^(KUBE-SVC-[A-Z0-9]{16}) tcp  --  0\\.0\\.0\\.0/0            ${ip.replace(/\./g, '\\.')}\\s+/\\* default/my-api cluster IP \\*/ tcp dpt:80\\n$`).exec(line);
    assert.ok(match, line);
    const chain = terminal.run(`iptables -t nat -L ${match[1]} -n`).stdout;
    assert.match(chain, new RegExp(`^Chain ${match[1]} \\(1 references\\)\\ntarget     prot opt source               destination         \\n`));
    const pods = podsOfApp(snapshot, 'default', 'my-api');
    assert.match(chain, /statistic mode random probability 0\.50000000000$/m);
    for (const pod of pods) assert.match(chain, new RegExp(`/\\* default/my-api -> ${pod.ips[0]!.replace(/\./g, '\\.')}:8080 \\*/`));
    assert.equal(terminal.run('iptables -t nat -L KUBE-NOPE -n').stderr, 'iptables: No chain/target/match by that name.\n');
  });

  test('iptables-save -t nat prints the nat table only, as kube-proxy wrote it', () => {
    const { terminal } = terminalOn();
    terminal.run('kubectl debug node/node-2 -it --image=busybox');
    const save = terminal.run('iptables-save -t nat').stdout;
    assert.match(save, /^\*nat\n/);
    assert.doesNotMatch(save, /^\*filter/m);
    assert.match(save, /-j DNAT --to-destination/);
  });

  test("ipvsadm -Ln under IPVS mode; the other mode's tool says which one to use", () => {
    const ipvs = terminalOn(undefined, { kubeProxy: { mode: 'ipvs' } });
    ipvs.terminal.run('node node-1');
    const table = ipvs.terminal.run('ipvsadm -Ln').stdout;
    assert.match(table, new RegExp(`^TCP  ${serviceIp(ipvs.snapshot, 'default', 'my-api').replace(/\./g, '\\.')}:80 rr`, 'm'));
    const wrong = ipvs.terminal.run('iptables-save');
    assert.equal(wrong.status, 1);
    assert.match(wrong.stderr, /kube-proxy runs in ipvs mode.*use ipvsadm -Ln/);
  });

  test('ip route: the node\'s own pod range on the bridge, the others through their nodes', () => {
    const { terminal, snapshot } = terminalOn(undefined, { cni: { plugin: 'flannel', datapath: 'vxlan' } });
    terminal.run('node node-1');
    const routes = terminal.run('ip route').stdout.split('\n').filter(Boolean);
    const [own, ...others] = snapshot.nodes;
    assert.ok(routes.includes(`${own!.podCIDRs[0]!.text} dev cni0 proto kernel scope link`), routes.join('\n'));
    for (const node of others) assert.ok(routes.includes(`${node.podCIDRs[0]!.text} via ${node.addresses[0]} dev flannel.1 onlink`), routes.join('\n'));
  });

  test('an unknown node is NotFound; exit leaves the node', () => {
    const { terminal } = terminalOn();
    assert.match(terminal.run('node nowhere').stderr, /nodes "nowhere" not found/);
    terminal.run('node node-1');
    terminal.run('exit');
    assert.equal(terminal.prompt(), 'default$ ');
  });
});
