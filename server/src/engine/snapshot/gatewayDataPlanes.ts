import { matchesLabelMap, type Labels } from '../labels';
import { podTemplateOf, type Gateway, type GatewayClass, type KubeObject } from '../objects';
import type { ClusterSnapshot, SimGateway, SimPod } from './types';
import { ISTIO_GATEWAY_CONTROLLER, ISTIO_MANAGED_LABEL, type StandInPods } from './standIns';

/** The label GEP-1762 asks in-cluster implementations to put on what they deploy for a Gateway. */
export const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';
const ENVOY_GATEWAY_NAME_LABEL = 'gateway.envoyproxy.io/owning-gateway-name';
const ENVOY_GATEWAY_NAMESPACE_LABEL = 'gateway.envoyproxy.io/owning-gateway-namespace';

/** The pods an implementation runs for one Gateway, as its controller lays them out. */
export interface GatewayDataPlane extends StandInPods {
  /** The implementation, as a user knows it: `Istio`, `NGINX Gateway Fabric`, `Envoy Gateway`. */
  readonly implementation: string;
  /** The pods' labels a NetworkPolicy selects them by. */
  readonly podLabels: Labels;
}

interface Implementation {
  readonly name: string;
  readonly controllerName: string;
  /** The GatewayClass the implementation's install creates, used when the workspace does not define the class. */
  readonly defaultClass?: string;
  readonly dataPlane: (gateway: { namespace: string; name: string; className: string }) => Omit<GatewayDataPlane, 'implementation' | 'replicas' | 'ports'> & {
    /** The container port a listener's port is served on. */
    readonly containerPort: (listenerPort: number) => number;
  };
}

/**
 * In-cluster implementations whose automated deployment is known: where the pods of a Gateway run and how they
 * are labelled.
 * - Istio (istio.io/gateway-controller; istiod creates the `istio` class): a Deployment `NAME-istio` in the
 *   Gateway's namespace, pods labelled with the Gateway's name and `gateway.istio.io/managed`, the listeners'
 *   ports bound as they are.
 * - NGINX Gateway Fabric 2 (gateway.nginx.org/nginx-gateway-controller; its chart creates the `nginx` class): a
 *   Deployment `NAME-nginx` in the Gateway's namespace, pods labelled with the Gateway's name (GEP-1762).
 * - Envoy Gateway (gateway.envoyproxy.io/gatewayclass-controller; the class is the user's): Envoy in
 *   envoy-gateway-system, pods labelled with the owning Gateway's name and namespace, a privileged listener port
 *   (below 1024) served on the port plus 10000 (internal/gatewayapi/listener.go).
 * Any other implementation (a cloud load balancer, Cilium's per-node Envoy) keeps the Gateway's address as the
 * source NetworkPolicy sees.
 */
const IMPLEMENTATIONS: readonly Implementation[] = [
  {
    name: 'Istio',
    controllerName: 'istio.io/gateway-controller',
    defaultClass: 'istio',
    dataPlane: ({ namespace, name, className }) => ({
      namespace,
      name: `${name}-${className}`,
      labels: { [GATEWAY_NAME_LABEL]: name },
      podLabels: { [GATEWAY_NAME_LABEL]: name, [ISTIO_MANAGED_LABEL]: ISTIO_GATEWAY_CONTROLLER, 'gateway.networking.k8s.io/gateway-class-name': className },
      container: 'istio-proxy',
      containerPort: (port) => port,
    }),
  },
  {
    name: 'NGINX Gateway Fabric',
    controllerName: 'gateway.nginx.org/nginx-gateway-controller',
    defaultClass: 'nginx',
    dataPlane: ({ namespace, name, className }) => ({
      namespace,
      name: `${name}-${className}`,
      labels: { [GATEWAY_NAME_LABEL]: name },
      podLabels: { [GATEWAY_NAME_LABEL]: name },
      container: 'nginx',
      containerPort: (port) => port,
    }),
  },
  {
    name: 'Envoy Gateway',
    controllerName: 'gateway.envoyproxy.io/gatewayclass-controller',
    dataPlane: ({ namespace, name }) => ({
      namespace: 'envoy-gateway-system',
      name: `envoy-${namespace}-${name}`,
      labels: { [ENVOY_GATEWAY_NAME_LABEL]: name, [ENVOY_GATEWAY_NAMESPACE_LABEL]: namespace },
      podLabels: { 'app.kubernetes.io/name': 'envoy', 'app.kubernetes.io/component': 'proxy', 'app.kubernetes.io/managed-by': 'envoy-gateway', [ENVOY_GATEWAY_NAME_LABEL]: name, [ENVOY_GATEWAY_NAMESPACE_LABEL]: namespace },
      container: 'envoy',
      containerPort: (port) => (port < 1024 ? port + 10000 : port),
    }),
  },
];

/**
 * The data plane of a Gateway whose implementation is known (by its GatewayClass's controllerName, else by the
 * class an implementation's install creates): its pods, as a stand-in of one replica, unless the workspace
 * deploys pods with those labels there itself. Undefined for any other Gateway.
 */
export function gatewayDataPlane(gateway: Gateway, objects: readonly KubeObject[]): GatewayDataPlane | undefined {
  const className = gateway.spec?.gatewayClassName?.value;
  if (!className) return undefined;
  const gatewayClass = objects.find((object): object is GatewayClass => object.type === 'GatewayClass' && object.id.name === className);
  const controllerName = gatewayClass?.spec?.controllerName?.value;
  const implementation = controllerName !== undefined ? IMPLEMENTATIONS.find((candidate) => candidate.controllerName === controllerName) : gatewayClass ? undefined : IMPLEMENTATIONS.find((candidate) => candidate.defaultClass === className);
  if (!implementation) return undefined;
  const namespace = gateway.id.namespace ?? 'default';
  const { containerPort, ...plane } = implementation.dataPlane({ namespace, name: gateway.id.name, className });
  const ports = [...new Set((gateway.spec?.listeners?.value ?? []).flatMap((listener) => (listener.port?.value !== undefined ? [listener.port.value] : [])))].sort((a, b) => a - b);
  return {
    ...plane,
    implementation: implementation.name,
    replicas: 1,
    ports: ports.map((port) => ({ name: `port-${port}`, port, containerPort: containerPort(port) })),
  };
}

/** Whether the workspace deploys a data plane's pods itself (a workload of its namespace whose pods carry its labels). */
export function deploysDataPlane(plane: Pick<GatewayDataPlane, 'namespace' | 'labels'>, objects: readonly KubeObject[]): boolean {
  return objects.some((object) => object.id.namespace === plane.namespace && matchesLabelMap(plane.labels, podTemplateOf(object)?.metadata?.labels?.value ?? {}));
}

/** Whether an object's pods carry a label a Gateway's data plane is known by: they may take a stand-in's place. */
export function carriesGatewayDataPlaneLabels(object: KubeObject): boolean {
  const labels = podTemplateOf(object)?.metadata?.labels?.value ?? {};
  return labels[GATEWAY_NAME_LABEL] !== undefined || labels[ENVOY_GATEWAY_NAME_LABEL] !== undefined;
}

/** A pod of a Gateway's known data plane (the workspace's, or the stand-in), if it has one with an address. */
export function dataPlanePod(gateway: SimGateway, snapshot: ClusterSnapshot): SimPod | undefined {
  const plane = gateway.dataPlane;
  return plane && snapshot.pods.find((pod) => pod.namespace === plane.namespace && pod.ips.length > 0 && matchesLabelMap(plane.labels, pod.labels));
}
