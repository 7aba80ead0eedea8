import { nameSuffix } from '../hash';
import { matchesLabelMap, type Labels } from '../labels';
import { podTemplateOf, type KubeObject, type MeshGateway, type Service } from '../objects';
import type { ClusterProfile } from '../profile';
import { connectionStringLabels } from '../connectionHosts';
import type { PodPlan } from './podPlan';
import type { ServiceType, SimPod } from './types';

/**
 * A workload every cluster of this kind runs that the workspace does not define (it is installed apart from the
 * application): simulated, with its Service, so that traces pass through it. Its pods have no manifest.
 */
export interface StandIn {
  readonly namespace: string;
  /** The Deployment's and the Service's name. */
  readonly name: string;
  /** The Service's selector, and the pods' labels unless `podLabels` says more. */
  readonly labels: Labels;
  readonly podLabels?: Labels;
  readonly serviceType: ServiceType;
  readonly replicas: number;
  readonly container: string;
  /** Each Service port, sent to the container port of the same name (TCP unless said). */
  readonly ports: readonly { readonly name: string; readonly port: number; readonly containerPort: number; readonly protocol?: string }[];
}

/** What a stand-in's pods are made of: everything but its Service (a Gateway's data plane has pods only). */
export type StandInPods = Omit<StandIn, 'serviceType'>;

/**
 * CoreDNS as kubeadm deploys it, for a workspace that does not define its own: its pods only, since its Service is
 * kube-dns, which every cluster has at a well-known address (services.ts).
 */
export const CORE_DNS: StandIn = {
  namespace: 'kube-system',
  name: 'coredns',
  labels: { 'k8s-app': 'kube-dns' },
  serviceType: 'ClusterIP',
  replicas: 2,
  container: 'coredns',
  ports: [
    { name: 'dns', port: 53, containerPort: 53, protocol: 'UDP' },
    { name: 'dns-tcp', port: 53, containerPort: 53 },
    { name: 'metrics', port: 9153, containerPort: 9153 },
  ],
};

/**
 * The labels ingress-nginx's install manifests (deploy/static/provider/*) put on the controller's pods besides
 * the profile's selector labels, so that Services written against the installation select them too.
 */
const INGRESS_NGINX_POD_LABELS = { 'app.kubernetes.io/instance': 'ingress-nginx', 'app.kubernetes.io/part-of': 'ingress-nginx' };

/** The profile's ingress controller (ingress-nginx's layout), for a workspace with Ingresses that does not define one. */
export function ingressControllerStandIn(profile: ClusterProfile): StandIn {
  const { namespace, labels, serviceType, className } = profile.ingressController;
  return {
    namespace,
    name: 'ingress-nginx-controller',
    labels,
    ...(className === 'nginx' && { podLabels: { ...INGRESS_NGINX_POD_LABELS, ...labels } }),
    serviceType: serviceType === 'NodePort' || serviceType === 'ClusterIP' ? serviceType : 'LoadBalancer',
    replicas: 2,
    container: 'controller',
    ports: [
      { name: 'http', port: 80, containerPort: 80 },
      { name: 'https', port: 443, containerPort: 443 },
    ],
  };
}

/**
 * Istio's ingress gateway as `istioctl install` (the default profile) lays it out: one Envoy in istio-system behind
 * a LoadBalancer that sends 80 to 8080 and 443 to 8443, running as istio-ingressgateway-service-account.
 */
export const ISTIO_INGRESS_GATEWAY: StandIn & { readonly serviceAccount: string } = {
  namespace: 'istio-system',
  name: 'istio-ingressgateway',
  labels: { app: 'istio-ingressgateway', istio: 'ingressgateway' },
  serviceType: 'LoadBalancer',
  replicas: 1,
  container: 'istio-proxy',
  ports: [
    { name: 'status-port', port: 15021, containerPort: 15021 },
    { name: 'http2', port: 80, containerPort: 8080 },
    { name: 'https', port: 443, containerPort: 8443 },
  ],
  serviceAccount: 'istio-ingressgateway-service-account',
};

/**
 * Services that platforms install apart from the applications that use them, with their pods, as each project's
 * install manifests lay them out:
 * - istio-system/istiod: Istio's control plane (manifests/charts/istio-control/istio-discovery/templates/service.yaml):
 *   xDS 15010, xDS over TLS and the CA 15012, the injection webhook 443 → 15017, monitoring 15014.
 * - kube-system/metrics-server: kubernetes-sigs/metrics-server (manifests/base/service.yaml, deployment.yaml):
 *   443 → the container's `https` port, 10250.
 * The profile's ingress controller (ingress-nginx/ingress-nginx-controller, above) is one too.
 */
export const PLATFORM_SERVICES: readonly StandIn[] = [
  {
    namespace: 'istio-system',
    name: 'istiod',
    labels: { app: 'istiod', istio: 'pilot' },
    serviceType: 'ClusterIP',
    replicas: 1,
    container: 'discovery',
    ports: [
      { name: 'grpc-xds', port: 15010, containerPort: 15010 },
      { name: 'https-dns', port: 15012, containerPort: 15012 },
      { name: 'https-webhook', port: 443, containerPort: 15017 },
      { name: 'http-monitoring', port: 15014, containerPort: 15014 },
    ],
  },
  {
    namespace: 'kube-system',
    name: 'metrics-server',
    labels: { 'k8s-app': 'metrics-server' },
    serviceType: 'ClusterIP',
    replicas: 1,
    container: 'metrics-server',
    ports: [{ name: 'https', port: 443, containerPort: 10250 }],
  },
];

/** What Istio labels the pods of its automated Gateway API deployments with (a waypoint's say istio.io-mesh-controller). */
export const ISTIO_MANAGED_LABEL = 'gateway.istio.io/managed';
export const ISTIO_GATEWAY_CONTROLLER = 'istio.io-gateway-controller';

/** Whether a pod is of Istio's automated deployment of a Gateway API Gateway (an Envoy that speaks Istio mTLS). */
export function isIstioGatewayApiPod(pod: SimPod): boolean {
  return pod.labels[ISTIO_MANAGED_LABEL] === ISTIO_GATEWAY_CONTROLLER;
}

/** The stand-ins a workspace needs: the ones whose role its objects use and whose workload they do not define. */
export function standInsFor(objects: readonly KubeObject[], profile: ClusterProfile): StandIn[] {
  const services = objects.filter((object): object is Service => object.type === 'Service');
  const controller = profile.ingressController;
  const needsController =
    objects.some((object) => object.type === 'Ingress') &&
    !services.some((service) => service.id.namespace === controller.namespace && service.spec?.selector !== undefined && matchesLabelMap(service.spec.selector.value, controller.labels));
  const standIns = [...(needsController ? [ingressControllerStandIn(profile)] : []), ...istioGatewayStandIns(objects)];
  for (const platform of [ingressControllerStandIn(profile), ...PLATFORM_SERVICES]) {
    if (!standIns.some((standIn) => standIn.name === platform.name && standIn.namespace === platform.namespace) && usesPlatform(objects, services, platform)) standIns.push(platform);
  }
  return standIns;
}

/**
 * Whether the workspace uses a platform's Service without installing it: a connection string names it
 * (`istiod.istio-system.svc:15012`), or a Service of its namespace selects its pods, while the workspace has no
 * Service of that name there and no workload whose pods carry its labels.
 */
function usesPlatform(objects: readonly KubeObject[], services: readonly Service[], platform: StandIn): boolean {
  if (services.some((service) => service.id.namespace === platform.namespace && service.id.name === platform.name)) return false;
  if (objects.some((object) => object.id.namespace === platform.namespace && matchesLabelMap(platform.labels, podTemplateOf(object)?.metadata?.labels?.value ?? {}))) return false;
  const selectsIt = services.some((service) => {
    const selector = service.spec?.selector?.value;
    return service.id.namespace === platform.namespace && selector !== undefined && Object.keys(selector).length > 0 && matchesLabelMap(selector, platform.podLabels ?? platform.labels);
  });
  return selectsIt || objects.some((object) => namesPlatform(object, platform));
}

/** Whether an object's connection strings name a platform's Service with its namespace (`NAME.NAMESPACE`, `.svc`, the FQDN). */
export function namesPlatform(object: KubeObject, platform: Pick<StandIn, 'name' | 'namespace'>): boolean {
  const labels = connectionStringLabels(object);
  return labels.has(platform.name) && labels.has(platform.namespace);
}

/**
 * Istio's gateway as its Helm chart (istio/istio manifests/charts/gateway) installs a release: Deployment, Service
 * and service account named after the release, pods labelled app: RELEASE and istio: RELEASE without its `istio-`
 * prefix (templates/_helpers.tpl), a LoadBalancer with the chart's default ports, 80 and 443 sent to the same pod
 * ports (values.yaml). The release `istio-ingressgateway` is istioctl's default layout instead.
 */
export function istioGatewayChartStandIn(release: string, namespace: string): StandIn & { readonly serviceAccount: string } {
  return {
    namespace,
    name: release,
    labels: chartLabels(release),
    serviceType: 'LoadBalancer',
    replicas: 1,
    container: 'istio-proxy',
    ports: [
      { name: 'status-port', port: 15021, containerPort: 15021 },
      { name: 'http2', port: 80, containerPort: 80 },
      { name: 'https', port: 443, containerPort: 443 },
    ],
    serviceAccount: release,
  };
}

/** The labels the istio/gateway chart gives a release's pods. */
function chartLabels(release: string): Labels {
  return { app: release, istio: release.replace(/^istio-/, '') };
}

/**
 * The istio/gateway release whose pods a Gateway's selector picks by the chart's labels: `app` names the release;
 * `istio` alone is the release without its `istio-` prefix, as `helm install istio-ingress istio/gateway` gives
 * `istio: ingress`. A selector with other keys picks no chart's pods.
 */
export function gatewayChartRelease(selector: Labels): string | undefined {
  const keys = Object.keys(selector);
  if (keys.length === 0 || keys.some((key) => key !== 'app' && key !== 'istio')) return undefined;
  const release = selector['app'] ?? `istio-${selector['istio']}`;
  return matchesLabelMap(selector, chartLabels(release)) ? release : undefined;
}

/**
 * The Istio gateways the workspace's Gateways select while no workload of it has their pods: installed with Istio,
 * apart from the application. Each selector the chart's labels answer gets its release's stand-in: istioctl's
 * default gateway for `istio-ingressgateway`, else the chart's layout in the namespace named after the release
 * when the workspace has one (as Istio's Helm instructions install it), else istio-system.
 */
function istioGatewayStandIns(objects: readonly KubeObject[]): StandIn[] {
  const standIns = new Map<string, StandIn>();
  for (const gateway of objects.filter((object): object is MeshGateway => object.type === 'MeshGateway')) {
    const selector = gateway.spec?.selector?.value;
    const release = selector && gatewayChartRelease(selector);
    if (!selector || !release || standIns.has(release)) continue;
    if (objects.some((object) => matchesLabelMap(selector, podTemplateOf(object)?.metadata?.labels?.value ?? {}))) continue;
    const namespace = objects.some((object) => object.type === 'Namespace' && object.id.name === release) ? release : ISTIO_INGRESS_GATEWAY.namespace;
    standIns.set(release, release === ISTIO_INGRESS_GATEWAY.name ? ISTIO_INGRESS_GATEWAY : istioGatewayChartStandIn(release, namespace));
  }
  return [...standIns.values()];
}

/** Whether an object's pods carry an `istio` label, as Istio's gateways' do: they may take the place of a stand-in. */
export function carriesIstioGatewayLabels(object: KubeObject): boolean {
  return podTemplateOf(object)?.metadata?.labels?.value['istio'] !== undefined;
}

/** The service account of a pod of an Istio gateway stand-in (istioctl's, the chart's, a Gateway API Gateway's), undefined for any other pod. */
export function istioGatewayStandInAccount(pod: SimPod): string | undefined {
  if (pod.source) return undefined;
  if (pod.namespace === ISTIO_INGRESS_GATEWAY.namespace && pod.workload.name === ISTIO_INGRESS_GATEWAY.name) return ISTIO_INGRESS_GATEWAY.serviceAccount;
  // Istio's automated deployment of a Gateway API Gateway runs as the account it names after its Deployment.
  if (isIstioGatewayApiPod(pod)) return pod.workload.name;
  const labels = chartLabels(pod.workload.name);
  return pod.labels['app'] === labels['app'] && pod.labels['istio'] === labels['istio'] ? pod.workload.name : undefined;
}

/** The pods of a stand-in, named as a Deployment's are. */
export function standInPlans(standIn: StandInPods): PodPlan[] {
  const { namespace, name } = standIn;
  const labels = standIn.podLabels ?? standIn.labels;
  const replicaSet = `${name}-${nameSuffix(`${namespace}/${name}/template`, 10)}`;
  return Array.from({ length: standIn.replicas }, (_, replica) => ({
    namespace,
    name: `${replicaSet}-${nameSuffix(`${replicaSet}/${replica}`, 5)}`,
    labels,
    workload: { namespace, kind: 'Deployment', name },
    spec: undefined,
    simulated: true,
    replica,
    statusIPs: [],
    ready: true,
    source: undefined,
    containers: [{ name: standIn.container, ports: standIn.ports.map((port) => ({ name: port.name, port: port.containerPort, protocol: port.protocol ?? 'TCP' })) }],
  }));
}
