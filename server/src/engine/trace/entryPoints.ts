import { matchesLabelMap } from '../labels';
import { servedByMeshGateway } from '../mesh/ingressGateway';
import { ingressHostMatches } from '../routing/hostnames';
import { servedIngresses } from '../routing/ingress';
import { parentRefNames, servedListeners } from '../routing/gatewayListeners';
import { ingressControllerService } from '../routing/ingressController';
import { readIngressClass } from '../routing/ingressClass';
import type { Gateway, HTTPRoute, MeshGateway } from '../objects';
import { gatewayHostMatches } from '../routing/hostnames';
import type { ClusterSnapshot, SimGateway, SimService } from '../snapshot/types';

/**
 * Where a name that only the cluster's Ingresses serve would point in public DNS: the address of the ingress
 * controller's LoadBalancer (or an external IP), assumed because the manifests cannot say what DNS holds.
 */
export function ingressAddressFor(host: string, snapshot: ClusterSnapshot): { ip: string; service: SimService } | undefined {
  const name = host.toLowerCase().replace(/\.$/, '');
  const served = servedIngresses(snapshot).ingresses.some((ingress) => (ingress.spec?.rules?.value ?? []).some((rule) => rule.host && ingressHostMatches(rule.host.value, name)));
  if (!served) return undefined;
  const service = ingressControllerService(snapshot);
  const ip = service?.loadBalancerIPs[0] ?? service?.externalIPs[0];
  return service && ip ? { ip, service } : undefined;
}

/** Why a host that only Ingresses of other classes serve does not lead to the simulated controller (empty when it does). */
export function foreignIngressHost(host: string, snapshot: ClusterSnapshot): string[] {
  const name = host.toLowerCase().replace(/\.$/, '');
  const ingress = servedIngresses(snapshot).others.find((candidate) => (candidate.spec?.rules?.value ?? []).some((rule) => rule.host && ingressHostMatches(rule.host.value, name)));
  return ingress ? [`${host} is a host of Ingress ${ingress.id.namespace}/${ingress.id.name}, but ${readIngressClass(ingress, snapshot).why}; that controller's address is not in the workspace.`] : [];
}

/** The Gateway whose listeners or attached routes serve a host name, with the address it is reached at. */
export function gatewayAddressFor(host: string, snapshot: ClusterSnapshot): { ip: string; gateway: SimGateway } | undefined {
  const name = host.toLowerCase().replace(/\.$/, '');
  for (const simulated of snapshot.gateways) {
    const gateway = snapshot.objects.find((object): object is Gateway => object.type === 'Gateway' && object.id.namespace === simulated.namespace && object.id.name === simulated.name);
    if (!gateway) continue;
    // Its own listeners and those of the ListenerSets it admits, and the routes attached to either.
    const served = servedListeners(gateway, snapshot);
    const parents = [...new Set(served.map(({ owner }) => owner))];
    const listenerHosts = served.map(({ listener }) => listener.hostname?.value).filter((value) => value !== undefined);
    const routeHosts = snapshot.objects
      .filter((object): object is HTTPRoute => object.type === 'HTTPRoute' && (object.spec?.parentRefs?.value ?? []).some((parent) => parents.some((owner) => parentRefNames(parent, owner, object.id.namespace ?? 'default'))))
      .flatMap((route) => route.spec?.hostnames?.value.map((hostname) => hostname.value) ?? []);
    if ([...listenerHosts, ...routeHosts].some((pattern) => gatewayHostMatches(pattern, name)) && simulated.addresses[0]) return { ip: simulated.addresses[0], gateway: simulated };
  }
  return undefined;
}

/**
 * Where a name an Istio Gateway serves would point in public DNS: the address of a LoadBalancer (or external IP)
 * Service in front of the pods the Gateway selects (the stand-in's, when the workspace does not define them).
 */
export function meshGatewayAddressFor(host: string, snapshot: ClusterSnapshot): { ip: string; service: SimService; gateway: MeshGateway } | undefined {
  const gateway = servedByMeshGateway(snapshot, host.toLowerCase().replace(/\.$/, ''));
  const selector = gateway?.spec?.selector?.value;
  if (!gateway || !selector) return undefined;
  for (const service of snapshot.services) {
    const ip = service.loadBalancerIPs[0] ?? service.externalIPs[0];
    if (!ip || !service.selector || Object.keys(service.selector).length === 0) continue;
    const fronts = snapshot.pods.some((pod) => pod.namespace === service.namespace && matchesLabelMap(service.selector!, pod.labels) && matchesLabelMap(selector, pod.labels));
    if (fronts) return { ip, service, gateway };
  }
  return undefined;
}
