/** Field-by-field readers for every kind the engine understands, typed by the engine's object types. */
import type * as K from '../engine/objects';
import { boolean, integer, integerOrString, keyNames, list, mapOf, number, object, string, stringMap, type Decoder } from './decode';

const strings = list(string);

const labelSelectorRequirement = object<K.LabelSelectorRequirement>({ key: string, operator: string, values: strings });
export const labelSelector = object<K.LabelSelector>({
  matchLabels: stringMap,
  matchExpressions: list(labelSelectorRequirement),
});

export const ownerReferences = list(
  object<K.OwnerReference>({ apiVersion: string, kind: string, name: string, controller: boolean }),
);

const templateMetadata = object<Partial<K.ObjectMetadata> & K.Spanned>({
  name: string,
  namespace: string,
  labels: stringMap,
  annotations: stringMap,
  ownerReferences,
});

const containerPort = object<K.ContainerPort>({ name: string, containerPort: integer, protocol: string, hostPort: integer });
const probePort = object<K.ProbeHandlerPort>({ port: integerOrString });
const probe = object<K.Probe>({ httpGet: probePort, tcpSocket: probePort, grpc: probePort });
const container = object<K.Container>({
  name: string,
  image: string,
  env: list(object<K.EnvVar>({ name: string, value: string, valueFrom: object<NonNullable<K.EnvVar['valueFrom']>>({ configMapKeyRef: object<NonNullable<NonNullable<K.EnvVar['valueFrom']>['configMapKeyRef']>>({ name: string, key: string }) }) })),
  envFrom: list(object<K.EnvFromSource>({ configMapRef: object<NonNullable<K.EnvFromSource['configMapRef']>>({ name: string }) })),
  args: strings,
  command: strings,
  ports: list(containerPort),
  readinessProbe: probe,
  livenessProbe: probe,
  startupProbe: probe,
});
const nodeSelectorTerm = object<K.NodeSelectorTerm>({ matchExpressions: list(labelSelectorRequirement), matchFields: list(labelSelectorRequirement) });
const affinity = object<K.Affinity>({
  nodeAffinity: object<NonNullable<K.Affinity['nodeAffinity']>>({
    requiredDuringSchedulingIgnoredDuringExecution: object<NonNullable<NonNullable<K.Affinity['nodeAffinity']>['requiredDuringSchedulingIgnoredDuringExecution']>>({
      nodeSelectorTerms: list(nodeSelectorTerm),
    }),
  }),
});
const taint = object<K.Taint>({ key: string, value: string, effect: string });
const podSpec = object<K.PodSpec>({
  serviceAccountName: string,
  containers: list(container),
  volumes: list(object<K.Volume>({ name: string, configMap: object<NonNullable<K.Volume['configMap']>>({ name: string }) })),
  initContainers: list(container),
  hostNetwork: boolean,
  nodeName: string,
  nodeSelector: stringMap,
  affinity,
  tolerations: list(object<K.Toleration>({ key: string, operator: string, value: string, effect: string })),
  hostname: string,
  subdomain: string,
  dnsPolicy: string,
  setHostnameAsFQDN: boolean,
  dnsConfig: object<K.PodDnsConfig>({
    nameservers: strings,
    searches: strings,
    options: list(object<K.PodDnsOption>({ name: string, value: string })),
  }),
});
export const podTemplate = object<K.PodTemplate>({ metadata: templateMetadata, spec: podSpec });
const workloadSpec = object<K.WorkloadSpec>({
  replicas: integer,
  selector: labelSelector,
  template: podTemplate,
  serviceName: string,
});

const objectReference = object<K.ObjectReference>({ kind: string, namespace: string, name: string });
const endpointPort = object<K.EndpointPort>({ name: string, port: integer, protocol: string, appProtocol: string });
const endpointAddress = object<K.EndpointAddress>({
  ip: string,
  hostname: string,
  nodeName: string,
  targetRef: objectReference,
});

const servicePort = object<K.ServicePort>({
  name: string,
  protocol: string,
  appProtocol: string,
  port: integer,
  targetPort: integerOrString,
  nodePort: integer,
});

const typedLocalObjectReference = object<K.TypedLocalObjectReference>({ apiGroup: string, kind: string, name: string });
const ingressBackend = object<K.IngressBackend>({
  service: object<NonNullable<K.IngressBackend['service']>>({
    name: string,
    port: object<K.ServiceBackendPort>({ number: integer, name: string }),
  }),
  resource: typedLocalObjectReference,
});

const backendObjectReference = object<K.BackendObjectReference>({
  group: string,
  kind: string,
  namespace: string,
  name: string,
  port: integer,
});
const pathModifier = object<NonNullable<NonNullable<K.HTTPRouteFilter['urlRewrite']>['path']>>({
  type: string,
  replaceFullPath: string,
  replacePrefixMatch: string,
});
const httpRouteFilter = object<K.HTTPRouteFilter>({
  type: string,
  requestRedirect: object<NonNullable<K.HTTPRouteFilter['requestRedirect']>>({
    scheme: string,
    hostname: string,
    port: integer,
    statusCode: integer,
    path: pathModifier,
  }),
  urlRewrite: object<NonNullable<K.HTTPRouteFilter['urlRewrite']>>({ hostname: string, path: pathModifier }),
  requestMirror: object<NonNullable<K.HTTPRouteFilter['requestMirror']>>({ backendRef: backendObjectReference }),
  requestHeaderModifier: object<K.Spanned>({}),
  responseHeaderModifier: object<K.Spanned>({}),
});
const nameValueMatch = object<K.HTTPNameValueMatch>({ type: string, name: string, value: string });

const ipBlock = object<K.IPBlock>({ cidr: string, except: strings });
const networkPolicyPeer = object<K.NetworkPolicyPeer>({
  podSelector: labelSelector,
  namespaceSelector: labelSelector,
  ipBlock,
});
const networkPolicyPort = object<K.NetworkPolicyPort>({ protocol: string, port: integerOrString, endPort: integer });

const namespacedPods = object<K.NamespacedPods>({ namespaceSelector: labelSelector, podSelector: labelSelector });
const adminPolicyPeer = object<K.AdminPolicyPeer>({
  namespaces: labelSelector,
  pods: namespacedPods,
  nodes: labelSelector,
  networks: strings,
  domainNames: strings,
});
const adminPolicyPort = object<K.AdminPolicyPort>({
  portNumber: object<NonNullable<K.AdminPolicyPort['portNumber']>>({ protocol: string, port: integer }),
  namedPort: string,
  portRange: object<NonNullable<K.AdminPolicyPort['portRange']>>({ protocol: string, start: integer, end: integer }),
});
const adminPolicyRule = object<K.AdminPolicyRule>({
  name: string,
  action: string,
  from: list(adminPolicyPeer),
  to: list(adminPolicyPeer),
  ports: list(adminPolicyPort),
});

type Fields<T extends K.KubeObject> = Omit<T, keyof K.ObjectBase | 'type'>;

/** Reads the kind-specific top-level fields of one object (everything but apiVersion, kind and metadata). */
export type KindReader<T extends K.KubeObject> = { readonly [F in keyof Fields<T>]-?: Decoder<NonNullable<Fields<T>[F]>> };

export const namespaceFields: KindReader<K.Namespace> = {};
export const nodeFields: KindReader<K.Node> = {
  spec: object<NonNullable<K.Node['spec']>>({ podCIDR: string, podCIDRs: strings, taints: list(taint) }),
  status: object<NonNullable<K.Node['status']>>({
    addresses: list(object<K.NodeAddress>({ type: string, address: string })),
  }),
};
export const podFields: KindReader<K.Pod> = {
  spec: podSpec,
  status: object<K.PodStatus>({
    podIP: string,
    podIPs: list(object<NonNullable<K.PodStatus['podIPs']>['value'][number]>({ ip: string })),
    hostIP: string,
    phase: string,
    conditions: list(object<K.PodCondition>({ type: string, status: string })),
  }),
};
export const workloadFields: KindReader<K.Workload> = { spec: workloadSpec };
export const replicationControllerFields: KindReader<K.ReplicationController> = {
  spec: object<K.ReplicationControllerSpec>({ replicas: integer, selector: stringMap, template: podTemplate }),
};
export const cronJobFields: KindReader<K.CronJob> = {
  spec: object<K.CronJobSpec>({
    schedule: string,
    jobTemplate: object<NonNullable<K.CronJobSpec['jobTemplate']>>({ spec: workloadSpec }),
  }),
};
export const serviceFields: KindReader<K.Service> = {
  spec: object<K.ServiceSpec>({
    type: string,
    selector: stringMap,
    ports: list(servicePort),
    clusterIP: string,
    clusterIPs: strings,
    externalIPs: strings,
    externalName: string,
    externalTrafficPolicy: string,
    internalTrafficPolicy: string,
    sessionAffinity: string,
    sessionAffinityConfig: object<NonNullable<K.ServiceSpec['sessionAffinityConfig']>>({
      clientIP: object<NonNullable<NonNullable<K.ServiceSpec['sessionAffinityConfig']>['clientIP']>>({ timeoutSeconds: integer }),
    }),
    loadBalancerIP: string,
    loadBalancerSourceRanges: strings,
    loadBalancerClass: string,
    allocateLoadBalancerNodePorts: boolean,
    healthCheckNodePort: integer,
    publishNotReadyAddresses: boolean,
    ipFamilies: strings,
    ipFamilyPolicy: string,
    trafficDistribution: string,
  }),
  status: object<NonNullable<K.Service['status']>>({
    loadBalancer: object<NonNullable<NonNullable<K.Service['status']>['loadBalancer']>>({
      ingress: list(object<K.LoadBalancerIngress>({ ip: string, hostname: string })),
    }),
  }),
};
export const endpointsFields: KindReader<K.Endpoints> = {
  subsets: list(
    object<K.EndpointSubset>({
      addresses: list(endpointAddress),
      notReadyAddresses: list(endpointAddress),
      ports: list(endpointPort),
    }),
  ),
};
export const endpointSliceFields: KindReader<K.EndpointSlice> = {
  addressType: string,
  ports: list(endpointPort),
  endpoints: list(
    object<K.SliceEndpoint>({
      addresses: strings,
      conditions: object<K.EndpointConditions>({ ready: boolean, serving: boolean, terminating: boolean }),
      hostname: string,
      nodeName: string,
      zone: string,
      targetRef: objectReference,
    }),
  ),
};
export const ingressFields: KindReader<K.Ingress> = {
  spec: object<NonNullable<K.Ingress['spec']>>({
    ingressClassName: string,
    defaultBackend: ingressBackend,
    rules: list(
      object<K.IngressRule>({
        host: string,
        http: object<NonNullable<K.IngressRule['http']>>({
          paths: list(object<K.HTTPIngressPath>({ path: string, pathType: string, backend: ingressBackend })),
        }),
      }),
    ),
    tls: list(object<K.IngressTLS>({ hosts: strings, secretName: string })),
  }),
};
export const ingressClassFields: KindReader<K.IngressClass> = {
  spec: object<NonNullable<K.IngressClass['spec']>>({ controller: string, parameters: typedLocalObjectReference }),
};
export const networkPolicyFields: KindReader<K.NetworkPolicy> = {
  spec: object<NonNullable<K.NetworkPolicy['spec']>>({
    podSelector: labelSelector,
    policyTypes: strings,
    ingress: list(object<K.NetworkPolicyIngressRule>({ from: list(networkPolicyPeer), ports: list(networkPolicyPort) })),
    egress: list(object<K.NetworkPolicyEgressRule>({ to: list(networkPolicyPeer), ports: list(networkPolicyPort) })),
  }),
};
export const adminNetworkPolicyFields: KindReader<K.AdminNetworkPolicy> = {
  spec: object<K.AdminPolicySpec>({
    priority: integer,
    subject: object<K.AdminPolicySubject>({ namespaces: labelSelector, pods: namespacedPods }),
    ingress: list(adminPolicyRule),
    egress: list(adminPolicyRule),
  }),
};
export const gatewayClassFields: KindReader<K.GatewayClass> = {
  spec: object<NonNullable<K.GatewayClass['spec']>>({ controllerName: string }),
};
const gatewayListener = object<K.GatewayListener>({
  name: string,
  hostname: string,
  port: integer,
  protocol: string,
  tls: object<NonNullable<K.GatewayListener['tls']>>({ mode: string, certificateRefs: list(backendObjectReference) }),
  allowedRoutes: object<NonNullable<K.GatewayListener['allowedRoutes']>>({
    namespaces: object<NonNullable<NonNullable<K.GatewayListener['allowedRoutes']>['namespaces']>>({
      from: string,
      selector: labelSelector,
    }),
    kinds: list(object<K.RouteGroupKind>({ group: string, kind: string })),
  }),
});
type AllowedListeners = NonNullable<NonNullable<K.Gateway['spec']>['allowedListeners']>;
export const gatewayFields: KindReader<K.Gateway> = {
  spec: object<NonNullable<K.Gateway['spec']>>({
    gatewayClassName: string,
    listeners: list(gatewayListener),
    addresses: list(object<K.GatewayAddress>({ type: string, value: string })),
    allowedListeners: object<AllowedListeners>({
      namespaces: object<NonNullable<AllowedListeners['namespaces']>>({ from: string, selector: labelSelector }),
    }),
  }),
};
export const listenerSetFields: KindReader<K.ListenerSet> = {
  spec: object<NonNullable<K.ListenerSet['spec']>>({
    parentRef: object<NonNullable<NonNullable<K.ListenerSet['spec']>['parentRef']>>({ group: string, kind: string, namespace: string, name: string }),
    listeners: list(gatewayListener),
  }),
};
export const httpRouteFields: KindReader<K.HTTPRoute> = {
  spec: object<NonNullable<K.HTTPRoute['spec']>>({
    parentRefs: list(
      object<K.ParentReference>({
        group: string,
        kind: string,
        namespace: string,
        name: string,
        sectionName: string,
        port: integer,
      }),
    ),
    hostnames: strings,
    rules: list(
      object<K.HTTPRouteRule>({
        name: string,
        matches: list(
          object<K.HTTPRouteMatch>({
            path: object<NonNullable<K.HTTPRouteMatch['path']>>({ type: string, value: string }),
            headers: list(nameValueMatch),
            queryParams: list(nameValueMatch),
            method: string,
          }),
        ),
        filters: list(httpRouteFilter),
        backendRefs: list(
          object<K.HTTPBackendRef>({
            group: string,
            kind: string,
            namespace: string,
            name: string,
            port: integer,
            weight: integer,
            filters: list(httpRouteFilter),
          }),
        ),
      }),
    ),
  }),
};
export const referenceGrantFields: KindReader<K.ReferenceGrant> = {
  spec: object<NonNullable<K.ReferenceGrant['spec']>>({
    from: list(object<K.ReferenceGrantFrom>({ group: string, kind: string, namespace: string })),
    to: list(object<K.ReferenceGrantTo>({ group: string, kind: string, name: string })),
  }),
};
export const configMapFields = { data: stringMap, binaryData: keyNames };
export const secretFields = { type: string, data: keyNames, stringData: keyNames };

const clusterPolicyPortNumber = object<K.ClusterPolicyPortNumber>({
  number: integer,
  range: object<NonNullable<K.ClusterPolicyPortNumber['range']>>({ start: integer, end: integer }),
});
const protocolPort = object<NonNullable<K.ClusterPolicyProtocol['tcp']>>({ destinationPort: clusterPolicyPortNumber });
const clusterPolicyRule = object<K.ClusterPolicyRule>({
  name: string,
  action: string,
  from: list(adminPolicyPeer),
  to: list(adminPolicyPeer),
  protocols: list(object<K.ClusterPolicyProtocol>({ tcp: protocolPort, udp: protocolPort, sctp: protocolPort, destinationNamedPort: string })),
});
export const clusterNetworkPolicyFields: KindReader<K.ClusterNetworkPolicy> = {
  spec: object<NonNullable<K.ClusterNetworkPolicy['spec']>>({
    tier: string,
    priority: integer,
    subject: object<K.AdminPolicySubject>({ namespaces: labelSelector, pods: namespacedPods }),
    ingress: list(clusterPolicyRule),
    egress: list(clusterPolicyRule),
  }),
};

const stringMatch = object<K.StringMatch>({ exact: string, prefix: string, regex: string });
const meshDestination = object<K.MeshDestination>({ host: string, subset: string, port: object<NonNullable<K.MeshDestination['port']>>({ number: integer }) });
const routeDestinations = list(object<K.RouteDestination>({ destination: meshDestination, weight: integer }));
const percentage = object<K.Percentage>({ value: number });
const meshPort = object<K.MeshPort>({ number: integer, name: string, protocol: string });
const workloadSelector = object<K.WorkloadSelector>({ matchLabels: stringMap });

export const virtualServiceFields: KindReader<K.VirtualService> = {
  spec: object<NonNullable<K.VirtualService['spec']>>({
    hosts: strings,
    gateways: strings,
    http: list(
      object<K.MeshHTTPRoute>({
        name: string,
        match: list(
          object<K.HTTPMatchRequest>({ name: string, uri: stringMatch, method: stringMatch, authority: stringMatch, headers: mapOf(stringMatch), port: integer, sourceLabels: stringMap, gateways: strings }),
        ),
        route: routeDestinations,
        redirect: object<NonNullable<K.MeshHTTPRoute['redirect']>>({ uri: string, authority: string, scheme: string, redirectCode: integer }),
        directResponse: object<NonNullable<K.MeshHTTPRoute['directResponse']>>({ status: integer }),
        rewrite: object<NonNullable<K.MeshHTTPRoute['rewrite']>>({ uri: string, authority: string }),
        fault: object<K.HTTPFault>({
          abort: object<NonNullable<K.HTTPFault['abort']>>({ httpStatus: integer, percentage }),
          delay: object<NonNullable<K.HTTPFault['delay']>>({ fixedDelay: string, percentage }),
        }),
        mirror: meshDestination,
        timeout: string,
        retries: object<K.HTTPRetry>({ attempts: integer, perTryTimeout: string, retryOn: string }),
      }),
    ),
    tcp: list(object<K.MeshTCPRoute>({ route: routeDestinations })),
  }),
};

export const destinationRuleFields: KindReader<K.DestinationRule> = {
  spec: object<NonNullable<K.DestinationRule['spec']>>({
    host: string,
    subsets: list(object<K.Subset>({ name: string, labels: stringMap })),
    trafficPolicy: object<K.TrafficPolicy>({
      tls: object<NonNullable<K.TrafficPolicy['tls']>>({ mode: string }),
      loadBalancer: object<NonNullable<K.TrafficPolicy['loadBalancer']>>({
        simple: string,
        consistentHash: object<NonNullable<NonNullable<K.TrafficPolicy['loadBalancer']>['consistentHash']>>({ httpHeaderName: string, httpCookie: object<K.HTTPCookie>({ name: string }), useSourceIp: boolean }),
      }),
      connectionPool: object<K.Spanned>({}),
      outlierDetection: object<K.Spanned>({}),
    }),
  }),
};

export const meshGatewayFields: KindReader<K.MeshGateway> = {
  spec: object<NonNullable<K.MeshGateway['spec']>>({
    selector: stringMap,
    servers: list(
      object<K.MeshGatewayServer>({
        hosts: strings,
        port: meshPort,
        tls: object<NonNullable<K.MeshGatewayServer['tls']>>({ mode: string }),
      }),
    ),
  }),
};

export const serviceEntryFields: KindReader<K.ServiceEntry> = {
  spec: object<NonNullable<K.ServiceEntry['spec']>>({
    hosts: strings,
    ports: list(meshPort),
    location: string,
    resolution: string,
  }),
};

export const sidecarFields: KindReader<K.Sidecar> = {
  spec: object<NonNullable<K.Sidecar['spec']>>({
    workloadSelector: object<NonNullable<NonNullable<K.Sidecar['spec']>['workloadSelector']>>({ labels: stringMap }),
    egress: list(object<NonNullable<NonNullable<K.Sidecar['spec']>['egress']>['value'][number]>({ port: meshPort, hosts: strings })),
    outboundTrafficPolicy: object<NonNullable<NonNullable<K.Sidecar['spec']>['outboundTrafficPolicy']>>({ mode: string }),
  }),
};

export const peerAuthenticationFields: KindReader<K.PeerAuthentication> = {
  spec: object<NonNullable<K.PeerAuthentication['spec']>>({
    selector: workloadSelector,
    mtls: object<NonNullable<NonNullable<K.PeerAuthentication['spec']>['mtls']>>({ mode: string }),
    portLevelMtls: mapOf(object<NonNullable<NonNullable<K.PeerAuthentication['spec']>['mtls']>>({ mode: string })),
  }),
};

export const authorizationPolicyFields: KindReader<K.AuthorizationPolicy> = {
  spec: object<NonNullable<K.AuthorizationPolicy['spec']>>({
    selector: workloadSelector,
    action: string,
    rules: list(
      object<K.AuthorizationRule>({
        from: list(
          object<NonNullable<K.AuthorizationRule['from']>['value'][number]>({
            source: object<K.AuthorizationSource>({
              principals: strings,
              notPrincipals: strings,
              requestPrincipals: strings,
              notRequestPrincipals: strings,
              namespaces: strings,
              notNamespaces: strings,
              ipBlocks: strings,
              notIpBlocks: strings,
              remoteIpBlocks: strings,
              notRemoteIpBlocks: strings,
            }),
          }),
        ),
        to: list(
          object<NonNullable<K.AuthorizationRule['to']>['value'][number]>({
            operation: object<K.AuthorizationOperation>({ methods: strings, notMethods: strings, paths: strings, notPaths: strings, ports: strings, notPorts: strings, hosts: strings, notHosts: strings }),
          }),
        ),
        when: list(object<K.AuthorizationCondition>({ key: string, values: strings, notValues: strings })),
      }),
    ),
  }),
};

const linkerdRef = object<K.LinkerdRef>({ group: string, kind: string, name: string, namespace: string });

export const linkerdServerFields: KindReader<K.LinkerdServer> = {
  spec: object<NonNullable<K.LinkerdServer['spec']>>({ podSelector: labelSelector, port: integerOrString, accessPolicy: string }),
};

export const linkerdAuthorizationPolicyFields: KindReader<K.LinkerdAuthorizationPolicy> = {
  spec: object<NonNullable<K.LinkerdAuthorizationPolicy['spec']>>({ targetRef: linkerdRef, requiredAuthenticationRefs: list(linkerdRef) }),
};

export const meshTlsAuthenticationFields: KindReader<K.MeshTLSAuthentication> = {
  spec: object<NonNullable<K.MeshTLSAuthentication['spec']>>({ identities: strings, identityRefs: list(linkerdRef) }),
};

const linkerdNetwork = object<K.LinkerdNetwork>({ cidr: string, except: strings });

export const networkAuthenticationFields: KindReader<K.NetworkAuthentication> = {
  spec: object<NonNullable<K.NetworkAuthentication['spec']>>({ networks: list(linkerdNetwork) }),
};

type ServerAuthorizationClient = NonNullable<NonNullable<K.ServerAuthorization['spec']>['client']>;

export const serverAuthorizationFields: KindReader<K.ServerAuthorization> = {
  spec: object<NonNullable<K.ServerAuthorization['spec']>>({
    server: object<NonNullable<NonNullable<K.ServerAuthorization['spec']>['server']>>({ name: string, selector: labelSelector }),
    client: object<ServerAuthorizationClient>({
      networks: list(linkerdNetwork),
      unauthenticated: boolean,
      meshTLS: object<NonNullable<ServerAuthorizationClient['meshTLS']>>({
        unauthenticatedTLS: boolean,
        identities: strings,
        serviceAccounts: list(object<NonNullable<NonNullable<ServerAuthorizationClient['meshTLS']>['serviceAccounts']>['value'][number]>({ name: string, namespace: string })),
      }),
    }),
  }),
};
