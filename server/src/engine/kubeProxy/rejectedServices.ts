import { cidrContains, parseCidr, parseSloppyAddress } from '../cidr';
import { objectsInNamespace } from '../snapshot/indexes';
import { perSnapshot } from '../snapshot/perSnapshot';
import { refTo } from '../snapshot/sourceRef';
import type { ClusterSnapshot, SimService, SourceRef } from '../snapshot/types';
import type { Service } from '../objects';

/** Why the API server would refuse to create a Service, at the line that makes it refuse. */
export interface ServiceRejection {
  readonly reason: string;
  readonly source: SourceRef;
}

/**
 * The workspace's Services the API server would reject whatever else the cluster holds (its validation and
 * its ClusterIP and NodePort allocators): they are never created, so no proxy has rules for them. A value taken
 * by another Service is left out: which of the two is refused depends on the order they are applied. Worked out
 * per Service when first asked (a trace asks of the Services it goes through), and kept with the snapshot.
 */
const rejections = perSnapshot(() => new Map<string, ServiceRejection | null>());

export function serviceRejection(snapshot: ClusterSnapshot, service: SimService): ServiceRejection | undefined {
  if (service.virtual) return undefined;
  const known = rejections(snapshot);
  const key = `${service.namespace}/${service.name}`;
  let rejection = known.get(key);
  if (rejection === undefined) {
    // A Service written twice is refused as the last of them that would be.
    rejection = null;
    for (const object of objectsInNamespace(snapshot, service.namespace)) {
      if (object.type === 'Service' && object.id.name === service.name) rejection = rejectionOf(object, snapshot) ?? rejection;
    }
    known.set(key, rejection);
  }
  return rejection ?? undefined;
}

function rejectionOf(service: Service, snapshot: ClusterSnapshot): ServiceRejection | undefined {
  const spec = service.spec;
  const type = spec?.type?.value ?? 'ClusterIP';
  if (type === 'ExternalName') return undefined;
  const ports = spec?.ports?.value ?? [];
  for (const [index, port] of ports.entries()) {
    const number = port.port;
    if (number && (number.value < 1 || number.value > 65535)) {
      return { reason: `spec.ports[${index}].port ${number.value} is not between 1 and 65535`, source: refTo(service, number.span, `spec.ports[${index}].port`) };
    }
    const nodePort = port.nodePort;
    if (!nodePort) continue;
    const at = refTo(service, nodePort.span, `spec.ports[${index}].nodePort`);
    // ValidateService: "may not be used when `type` is 'ClusterIP'".
    if (type === 'ClusterIP') return { reason: `spec.ports[${index}].nodePort may not be set on a ClusterIP Service`, source: at };
    const { min, max } = snapshot.profile.nodePortRange;
    if (nodePort.value < min || nodePort.value > max) {
      return { reason: `spec.ports[${index}].nodePort ${nodePort.value} is not in the NodePort range ${min}-${max} (the API server's --service-node-port-range)`, source: at };
    }
  }
  const clusterIP = spec?.clusterIP;
  if (clusterIP && clusterIP.value !== '' && clusterIP.value !== 'None') {
    // Leading zeros are decimal, as in the Services older API servers stored and kube-proxy still reads.
    const address = parseSloppyAddress(clusterIP.value);
    const ranges = snapshot.profile.serviceCIDR.map((text) => parseCidr(text)).filter((cidr) => cidr !== undefined);
    const at = refTo(service, clusterIP.span, 'spec.clusterIP');
    if (!address) return { reason: `spec.clusterIP "${clusterIP.value}" is not an IP address`, source: at };
    if (!ranges.some((cidr) => cidrContains(cidr, address.address))) {
      return { reason: `spec.clusterIP ${clusterIP.value} is not in the service CIDR ${snapshot.profile.serviceCIDR.join(', ')} (the API server's --service-cluster-ip-range)`, source: at };
    }
  }
  return undefined;
}
