import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_PROFILE, readProfile } from '../../../server/src/engine/profile';
import { readProfileFile } from '../../../server/src/model/profileFile';

describe('cluster profile', () => {
  test('the defaults are kubeadm\'s', () => {
    assert.equal(DEFAULT_PROFILE.clusterDomain, 'cluster.local');
    assert.deepEqual(DEFAULT_PROFILE.serviceCIDR, ['10.96.0.0/12']);
    assert.deepEqual(DEFAULT_PROFILE.podCIDR, ['10.244.0.0/16']);
    assert.equal(DEFAULT_PROFILE.kubeProxy.mode, 'iptables');
    assert.equal(DEFAULT_PROFILE.kubeProxy.masqueradeBit, 14);
  });

  test('reads every key of the issue example from a kubetrace.yaml', () => {
    const { profile, problems } = readProfileFile(`clusterDomain: corp.local
serviceCIDR: 10.96.0.0/16
podCIDR: 10.244.0.0/16
nodes: 5
kubeProxy: {mode: ipvs, scheduler: rr, masqueradeBit: 14, masqueradeAll: false, nodePortAddresses: [192.168.0.2/32], localhostNodePorts: true}
cni: {plugin: calico}
`);
    assert.deepEqual(problems, []);
    assert.equal(profile.clusterDomain, 'corp.local');
    assert.deepEqual(profile.serviceCIDR, ['10.96.0.0/16']);
    assert.deepEqual(profile.nodes.map((node) => node.name), ['node-1', 'node-2', 'node-3', 'node-4', 'node-5']);
    assert.equal(profile.kubeProxy.mode, 'ipvs');
    assert.deepEqual(profile.kubeProxy.nodePortAddresses, ['192.168.0.2/32']);
    assert.deepEqual(profile.cni, { plugin: 'calico', datapath: 'ipip', mtu: 1480, kubeProxyReplacement: false });
  });

  test('nodes as a list keep their names, addresses and zones', () => {
    const { profile, problems } = readProfile({ nodes: [{ name: 'node-a', addresses: ['192.168.0.2'], zone: 'eu-1a' }, { name: 'node-b' }] });
    assert.deepEqual(problems, []);
    assert.deepEqual(profile.nodes[0], {
      name: 'node-a',
      addresses: ['192.168.0.2'],
      zone: 'eu-1a',
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': 'node-a',
        'kubernetes.io/os': 'linux',
        'topology.kubernetes.io/zone': 'eu-1a',
      },
    });
    assert.equal(profile.nodes[1]?.addresses.length, 1);
  });

  test('editor settings override only what they set', () => {
    const file = readProfile({ clusterDomain: 'corp.local', kubeProxy: { mode: 'nftables' } }).profile;
    const layered = readProfile({ kubeProxy: { masqueradeAll: true } }, file).profile;
    assert.equal(layered.clusterDomain, 'corp.local');
    assert.equal(layered.kubeProxy.mode, 'nftables');
    assert.equal(layered.kubeProxy.masqueradeAll, true);
  });

  test('bad values are reported by key and leave the default', () => {
    const { profile, problems } = readProfile({ serviceCIDR: '10.0.0.0/33', nodes: 0, kubeProxy: { mode: 'userspace' }, colour: 'blue' });
    assert.deepEqual(problems.map((problem) => problem.path), ['serviceCIDR', 'nodes', 'kubeProxy.mode', 'colour']);
    assert.deepEqual(profile.serviceCIDR, DEFAULT_PROFILE.serviceCIDR);
    assert.equal(profile.kubeProxy.mode, 'iptables');
    assert.deepEqual(readProfileFile('clusterDomain: [unclosed').problems.map((problem) => problem.message.startsWith('not valid YAML')), [true]);
  });
});
