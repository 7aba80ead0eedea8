import type { SimPod, ClusterSnapshot } from '../snapshot/types';
import { servicesInNamespace } from '../snapshot/indexes';
import type { ResolvConf } from './types';

/** The pod's /etc/resolv.conf as the kubelet writes it for its dnsPolicy and dnsConfig. */
export function resolvConfOf(pod: Pick<SimPod, 'namespace' | 'dnsPolicy' | 'dnsConfig' | 'hostNetwork'>, snapshot: ClusterSnapshot): ResolvConf {
  const zone = snapshot.profile.clusterDomain;
  // The first kube-dns of the snapshot's order, from its namespace's Services: not a scan of every Service per name resolved.
  const kubeDns = servicesInNamespace(snapshot, 'kube-system').find((service) => service.name === 'kube-dns');
  const clusterDns = kubeDns?.clusterIPs[0];
  const notes: string[] = [];
  let nameservers: string[] = [];
  let search: string[] = [];
  let options: { name: string; value?: string }[] = [];
  const policy = pod.dnsPolicy;
  const usesCluster = policy === 'ClusterFirstWithHostNet' || (policy === 'ClusterFirst' && !pod.hostNetwork);
  if (usesCluster) {
    nameservers = clusterDns ? [clusterDns] : [];
    search = [`${pod.namespace}.svc.${zone}`, `svc.${zone}`, zone];
    options = [{ name: 'ndots', value: '5' }];
    if (!clusterDns) notes.push('the cluster has no kube-system/kube-dns Service address');
  } else if (policy === 'None') {
    notes.push('dnsPolicy None: the resolv.conf is exactly the pod dnsConfig');
  } else {
    notes.push(
      policy === 'ClusterFirst'
        ? 'a hostNetwork pod with dnsPolicy ClusterFirst falls back to Default: it uses its node\'s /etc/resolv.conf, which the manifests do not show'
        : `dnsPolicy ${policy}: the pod uses its node's /etc/resolv.conf, which the manifests do not show`,
    );
  }
  const config = pod.dnsConfig;
  if (config) {
    nameservers = [...new Set([...nameservers, ...config.nameservers])];
    search = [...new Set([...search, ...config.searches])];
    for (const option of config.options) {
      options = [...options.filter((existing) => existing.name !== option.name), option];
    }
  }
  return {
    nameservers,
    search,
    options: options.map((option) => (option.value === undefined ? option.name : `${option.name}:${option.value}`)),
    notes,
  };
}

/** The ndots option of a resolv.conf (glibc's default is 1). */
export function ndotsOf(conf: ResolvConf): number {
  const option = conf.options.find((entry) => entry.startsWith('ndots:'));
  const value = option ? Number(option.slice('ndots:'.length)) : 1;
  return Number.isInteger(value) ? Math.min(Math.max(value, 0), 15) : 1;
}

/**
 * The names a glibc/BIND stub resolver tries for `name`, in order (res_search): a name ending in a dot as
 * it is; one with at least `ndots` dots as it is first, then with each search domain; otherwise each search
 * domain first and the name as it is last.
 */
export function searchSequence(name: string, search: readonly string[], ndots: number): string[] {
  if (name.endsWith('.')) return [name.toLowerCase()];
  const lower = name.toLowerCase();
  const dots = (lower.match(/\./g) ?? []).length;
  const withSearch = search.map((domain) => `${lower}.${domain.replace(/\.$/, '').toLowerCase()}.`);
  const asIs = `${lower}.`;
  return dots >= ndots ? [asIs, ...withSearch] : [...withSearch, asIs];
}
