import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readProfile } from '../../../server/src/engine/profile';
import { traceRequest } from '../../../server/src/engine/trace/trace';
import type { Trace } from '../../../server/src/engine/trace/types';
import { exampleSnapshot } from '../../support/engineFixtures';

/** The cross-node CNI hop of orders-api → postgres (on two nodes) under a CNI profile. */
function crossing(cni: object): string {
  const { profile, problems } = readProfile({ cni });
  assert.deepEqual(problems, []);
  const trace = traceRequest({ from: { kind: 'workload', namespace: 'shop-api', name: 'orders-api' }, to: { host: 'postgres.shop-data', port: 5432 }, protocol: 'TCP' }, exampleSnapshot(profile)) as Trace;
  const hop = trace.hops.find((candidate) => candidate.component === 'cni' && candidate.title.includes('→'));
  assert.ok(hop, 'the connection crosses nodes');
  return hop.decision;
}

describe('encapsulation per CNI and mode', () => {
  // Calico, "Configure MTU": VXLAN adds 50 bytes (pods 1450), IP-in-IP 20 (1480), WireGuard 60 (1440); Felix's VXLANPort is 4789.
  test('Calico VXLAN is UDP 4789 with 50 bytes of overhead and a 1450 MTU; IP-in-IP is protocol 4 with 20 bytes', () => {
    assert.match(crossing({ plugin: 'calico', datapath: 'vxlan' }), /encapsulated in VXLAN \(UDP 4789, device vxlan\.calico\) .*: 50 bytes of headers per packet, so the pod MTU is 1450\.$/);
    assert.match(crossing({ plugin: 'calico' }), /encapsulated in IP-in-IP \(IP protocol 4, device tunl0\) .*: 20 bytes of headers per packet, so the pod MTU is 1480\.$/);
    assert.match(crossing({ plugin: 'calico', datapath: 'wireguard' }), /WireGuard \(UDP 51820, device wireguard\.cali\) .*: 60 bytes .* pod MTU is 1440\.$/);
    assert.match(crossing({ plugin: 'calico', datapath: 'bgp' }), /routed without encapsulation: .* a route learned over BGP\.$/);
  });

  // Cilium: defaults.TunnelPortVXLAN 8472, TunnelPortGeneve 6081, pkg/mtu TunnelOverhead 50 and WireguardOverhead 80.
  test('Cilium VXLAN keeps the kernel port 8472, Geneve is UDP 6081, WireGuard UDP 51871 with 80 bytes', () => {
    assert.match(crossing({ plugin: 'cilium' }), /VXLAN \(UDP 8472, device cilium_vxlan\) .*50 bytes .*MTU is 1450\.$/);
    assert.match(crossing({ plugin: 'cilium', datapath: 'geneve' }), /Geneve \(UDP 6081, device cilium_geneve\) .*50 bytes .*MTU is 1450\.$/);
    assert.match(crossing({ plugin: 'cilium', datapath: 'wireguard' }), /WireGuard \(UDP 51871, device cilium_wg0\) .*80 bytes .*MTU is 1420\.$/);
  });

  // flannel's backends: vxlan on the kernel's default port 8472 through flannel.1; host-gw routes without encapsulation.
  test('flannel vxlan is UDP 8472 through flannel.1, host-gw is a static route; Weave Net\'s fast datapath is UDP 6784 with MTU 1376', () => {
    assert.match(crossing({ plugin: 'flannel' }), /VXLAN \(UDP 8472, device flannel\.1\) .*MTU is 1450\.$/);
    assert.match(crossing({ plugin: 'flannel', datapath: 'host-gw' }), /routed without encapsulation: a static route sends/);
    assert.match(crossing({ plugin: 'weave' }), /VXLAN \(UDP 6784, device vxlan-6784\) .*MTU is 1376\.$/);
  });

  test('a written MTU wins over the mode\'s', () => {
    assert.match(crossing({ plugin: 'calico', datapath: 'vxlan', mtu: 8950 }), /pod MTU is 8950\.$/);
  });

  test('the profile refuses a mode the plugin does not have, and the MTU follows a changed mode', () => {
    const { profile, problems } = readProfile({ cni: { plugin: 'flannel', datapath: 'ipip' } });
    assert.deepEqual(problems, [{ path: 'cni.datapath', message: 'flannel has no mode "ipip" (its modes: vxlan, host-gw)' }]);
    assert.deepEqual(profile.cni, { plugin: 'flannel', datapath: 'vxlan', mtu: 1450, kubeProxyReplacement: false });
    const calicoVxlan = readProfile({ cni: { datapath: 'vxlan' } }).profile;
    assert.deepEqual(calicoVxlan.cni, { plugin: 'calico', datapath: 'vxlan', mtu: 1450, kubeProxyReplacement: false });
    assert.deepEqual(readProfile({ cni: { plugin: 'aws-vpc-cni' } }).profile.cni, { plugin: 'aws-vpc-cni', datapath: 'cloud', mtu: 9001, kubeProxyReplacement: false });
  });
});
