export type Severity = 'error' | 'warning' | 'information' | 'hint';

interface CodeEntry {
  /** What a finding of this code is unless its maker says otherwise. */
  readonly severity: Severity;
  /** The other severities a finding may take, where the case decides (a check may override only with these). */
  readonly otherSeverities?: readonly Severity[];
  /** What the finding is about, as the README's table opens its meaning (without its markup). */
  readonly title: string;
  /** Whether a finding of this code comes with an edit that fixes it (the check's, or features/quickFixes.ts's). */
  readonly quickFix: boolean;
}

/**
 * Every diagnostic code Kubetrace reports: the model (KT001-KT004), the workspace (KT005-KT009, KT011, KT012), the
 * checks (KT010, KT1xx Services and scheduling, KT2xx routing, KT3xx policy, KT4xx connection strings, KT5xx the
 * mesh). The README's table of problem codes lists the same codes (test/unit/engine/problemCodes.test.ts holds them equal).
 */
export const PROBLEM_CODES = {
  KT001: { severity: 'error', title: 'YAML syntax error', quickFix: false },
  KT002: { severity: 'error', title: 'A field has the wrong type', quickFix: false },
  KT003: { severity: 'error', title: 'A Kubernetes object without metadata.name (or apiVersion)', quickFix: false },
  KT004: { severity: 'warning', otherSeverities: ['information'], title: 'The same object (group, kind, namespace, name) is defined more than once in one cluster', quickFix: false },
  KT005: { severity: 'information', title: 'A file was skipped because it is larger than kubetrace.maxFileSize', quickFix: false },
  KT006: { severity: 'warning', title: 'A file could not be read', quickFix: false },
  KT007: { severity: 'warning', title: 'A cluster profile value Kubetrace cannot use', quickFix: false },
  KT008: { severity: 'information', title: 'A file holds binary data (a NUL character), not YAML or JSON', quickFix: false },
  KT009: { severity: 'warning', title: 'The file is not valid UTF-8', quickFix: false },
  KT010: { severity: 'error', title: 'A value the API server rejects whatever else the cluster holds', quickFix: false },
  KT011: { severity: 'error', title: 'kustomize build of a build root fails', quickFix: false },
  KT012: { severity: 'information', title: 'What a Kustomize build goes on without', quickFix: false },
  KT101: { severity: 'warning', otherSeverities: ['information'], title: 'A Service selector matches no pod', quickFix: true },
  KT102: { severity: 'information', title: 'A numeric targetPort that no container of the selected pods declares', quickFix: false },
  KT103: { severity: 'error', otherSeverities: ['warning'], title: 'A named targetPort that all (error) or some (warning) selected pods lack', quickFix: false },
  KT104: { severity: 'error', title: 'A nodePort outside the NodePort range, taken by another Service, or on a ClusterIP Service', quickFix: false },
  KT105: { severity: 'error', title: 'The same port twice, a port name twice, or unnamed ports in a multi-port Service', quickFix: false },
  KT106: { severity: 'error', otherSeverities: ['warning'], title: 'An ExternalName Service with a selector (ignored) or without a valid DNS externalName', quickFix: false },
  KT107: { severity: 'error', title: 'A clusterIP outside the service CIDR, not an address, or taken', quickFix: false },
  KT108: { severity: 'warning', title: 'A StatefulSet whose serviceName names no Service, or one that is not headless', quickFix: false },
  KT109: { severity: 'error', otherSeverities: ['warning'], title: 'An invalid loadBalancerSourceRanges entry, or ranges on a Service that is not a LoadBalancer', quickFix: false },
  KT110: { severity: 'error', title: 'A Service port name that is not a DNS label, or a container port name that is not an IANA service name', quickFix: false },
  KT111: { severity: 'error', title: "A workload whose selector does not match its pod template's labels", quickFix: false },
  KT112: { severity: 'error', title: 'A probe naming a port the container does not declare', quickFix: false },
  KT113: { severity: 'warning', otherSeverities: ['information'], title: 'A pod that fits no node', quickFix: false },
  KT114: { severity: 'warning', title: "The nodes kubetrace.yaml sets hold too few pod addresses for the workspace's pods", quickFix: false },
  KT201: { severity: 'error', otherSeverities: ['information'], title: 'An Ingress or HTTPRoute backend Service that does not exist', quickFix: true },
  KT202: { severity: 'error', title: 'An Ingress backend port the Service lacks', quickFix: false },
  KT203: { severity: 'warning', title: 'An Ingress backend Service without ready endpoints (503)', quickFix: false },
  KT204: { severity: 'warning', otherSeverities: ['information'], title: 'An ingressClassName no IngressClass has', quickFix: true },
  KT205: { severity: 'error', otherSeverities: ['warning'], title: 'A path invalid for its pathType, or a regex under Exact/Prefix', quickFix: false },
  KT206: { severity: 'warning', title: 'The same host and path claimed by two Ingresses of one controller', quickFix: false },
  KT207: { severity: 'information', title: 'An Ingress TLS Secret that is not in the workspace', quickFix: false },
  KT208: { severity: 'error', otherSeverities: ['information'], title: 'An HTTPRoute parent (Gateway, listener, mesh Service) that does not exist', quickFix: false },
  KT209: { severity: 'error', title: 'A cross-namespace HTTPRoute backend without a ReferenceGrant (500)', quickFix: false },
  KT210: { severity: 'error', title: "NetworkPolicy keeps the ingress controller from an Ingress backend's pods", quickFix: false },
  KT301: { severity: 'warning', otherSeverities: ['information'], title: 'A NetworkPolicy whose podSelector matches no pod', quickFix: true },
  KT302: { severity: 'warning', otherSeverities: ['information'], title: 'A policy peer podSelector that matches no pod', quickFix: true },
  KT303: { severity: 'information', title: 'A namespaceSelector that matches no namespace of the workspace', quickFix: false },
  KT304: { severity: 'warning', title: 'A named port in an ingress rule that no selected pod has', quickFix: false },
  KT305: { severity: 'warning', title: 'Egress isolated and DNS (UDP/TCP 53 to kube-dns) not allowed', quickFix: true },
  KT306: { severity: 'warning', title: 'A rule that repeats an earlier one or comes after a rule that admits everything', quickFix: false },
  KT307: { severity: 'error', title: 'An ipBlock CIDR or except that is invalid or not inside its CIDR', quickFix: false },
  KT308: { severity: 'warning', otherSeverities: ['information'], title: "A CiliumNetworkPolicy's endpointSelector or a Calico policy's selector that matches no pod", quickFix: false },
  KT309: { severity: 'warning', otherSeverities: ['information'], title: 'A Cilium or Calico rule peer that can never match (a selector that matches no pod, an HTTP pattern that does not compile)', quickFix: false },
  KT310: { severity: 'warning', title: "Cilium HTTP rules on a port whose traffic is not HTTP", quickFix: false },
  KT311: { severity: 'warning', title: 'A Calico Pass with no tier after it', quickFix: false },
  KT312: { severity: 'information', title: "A Cilium or Calico policy the cluster profile's CNI does not enforce", quickFix: false },
  KT401: { severity: 'warning', otherSeverities: ['information'], title: "A host in a container's env, args or command (or a ConfigMap value) that resolves to nothing from the pod's namespace", quickFix: true },
  KT402: { severity: 'warning', title: 'A host:port whose Service has no such port', quickFix: false },
  KT501: { severity: 'error', title: 'A VirtualService host or destination (or a DestinationRule host) that names a Service of the cluster that is not in the workspace', quickFix: true },
  KT502: { severity: 'error', otherSeverities: ['information'], title: 'A VirtualService bound to a gateway that is no Istio Gateway', quickFix: true },
  KT503: { severity: 'error', title: "A route destination's subset that no DestinationRule of that host defines", quickFix: true },
  KT504: { severity: 'warning', title: "A DestinationRule subset whose labels select none of its Service's pods", quickFix: true },
  KT505: { severity: 'error', title: 'The weights of a route that do not add up to 100', quickFix: true },
  KT506: { severity: 'warning', title: 'An HTTP route an earlier one shadows', quickFix: true },
  KT507: { severity: 'warning', title: 'A STRICT PeerAuthentication while workloads outside the mesh name Services it protects', quickFix: true },
  KT508: { severity: 'information', title: 'A port of a Service in front of meshed pods whose protocol Istio cannot read from its name or appProtocol', quickFix: true },
  KT509: { severity: 'warning', title: 'A host of a VirtualService bound to Istio Gateways that no server of theirs admits', quickFix: false },
  KT510: { severity: 'warning', title: "A Gateway server port that no Service in front of the gateway's pods offers or sends to", quickFix: true },
  KT511: { severity: 'error', title: "A DestinationRule trafficPolicy.tls.mode its host's pods cannot take", quickFix: true },
  KT512: { severity: 'warning', title: 'A VirtualService destination host that no Service of the workspace and no ServiceEntry has', quickFix: false },
  KT513: {
    severity: 'warning',
    title: "Linkerd's default inbound policy (config.linkerd.io/default-inbound-policy on a pod template or namespace) refusing workloads that name the Services in front of its pods, on a port no Linkerd Server selects",
    quickFix: true,
  },
} as const satisfies Record<string, CodeEntry>;

export type ProblemCode = keyof typeof PROBLEM_CODES;

/** The severity a finding of `code` may be given in place of its default: one its entry allows, or none. */
export type CaseSeverity<C extends ProblemCode> = (typeof PROBLEM_CODES)[C] extends { readonly otherSeverities: readonly (infer Other extends Severity)[] } ? Other | (typeof PROBLEM_CODES)[C]['severity'] : never;

/** Whether a value (a client's diagnostic code, a cached problem's) is one of Kubetrace's codes. */
export function isProblemCode(value: unknown): value is ProblemCode {
  return typeof value === 'string' && Object.hasOwn(PROBLEM_CODES, value);
}

/** The anchor of a code's row in the README's table of problem codes (`README.md#kt101`). */
export function readmeAnchor(code: ProblemCode): string {
  return code.toLowerCase();
}
