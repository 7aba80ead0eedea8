/**
 * The engine's front door: everything outside the engine (the server, the features, the analysis, the CLI and the
 * webview) imports the engine from here, never a module inside it (eslint.config.mjs holds that). What is not
 * exported here is the engine's own business. The model, which makes the engine's objects, imports their types
 * directly.
 */
export { parseAddress } from './cidr';
export { datapathFacts } from './cniDatapaths';
export { hostOfValue, hostsIn } from './connectionHosts';
export { checkObjects, sortedFindings, sortedFindingsAfter } from './diagnostics/checkCluster';
export { isProblemCode } from './diagnostics/codes';
export type { ProblemCode } from './diagnostics/codes';
export { checkNodeRoom } from './diagnostics/nodeRoomCheck';
export { objectsToRecheck, prepareForEdits } from './diagnostics/recheck';
export { defaultClient, resolveName } from './dns/resolver';
export { resolvConfOf } from './dns/resolvConf';
export { answerQuery } from './dns/clusterDns';
export type { DnsAnswer, RecordType, ResourceRecord, Resolution, ResolvConf } from './dns/types';
export { groupBy } from './groupBy';
export { nameSuffix } from './hash';
export { renderProxyRules } from './kubeProxy/renderRules';
export { proxyServicePorts } from './kubeProxy/servicePorts';
export { matchesLabelMap, matchesLabelSelector } from './labels';
export { appliesTo } from './mesh/authorization';
export { describeEntry, meshHost } from './mesh/hosts';
export type { MeshHost } from './mesh/hosts';
export { istioPrincipal } from './mesh/identity';
export { namesGateway } from './mesh/ingressGateway';
export { podMesh, serviceAccountOf } from './mesh/injection';
export { linkerdIdentity, linkerdSettings } from './mesh/linkerd';
export { effectiveMtls } from './mesh/mtls';
export { meshRulesOf } from './mesh/rules';
export { identityKey, podTemplateOf } from './objects';
export type { AuthorizationPolicy, KubeObject, LabelSelector, LocatedStringMap, MeshGateway, NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort, PeerAuthentication, Service, Subset, VirtualService, Workload } from './objects';
export { allowFlow } from './policy/allowFlow';
export { evaluateConnection } from './policy/evaluate';
export { connectivityMatrix, foldedMatrix, unfoldMatrix } from './connectivity/matrix';
export type { CellVerdict, ConnectivityMatrix, FoldedMatrix, MatrixCell, MatrixParty, MatrixPort } from './connectivity/matrix';
export type { PolicyPeer } from './policy/types';
export { compareProblems, isProblemConnection, isProblemFix, problemOf } from './problem';
export type { Problem, ProblemConnection, ProblemFix } from './problem';
export { DEFAULT_PROFILE, readProfile } from './profile';
export type { ClusterProfile, CniPlugin, KubeProxyMode } from './profile';
export { isRecord } from './records';
export { sameValue } from './sameValue';
export { boundVirtualServices, ingressBackends, isolatingPolicies, meshGatewayPods, podAtAddress, podsOf, podsSelectedBy, routersOf, serviceOfName, servicePods, servicesSelecting } from './references';
export { readHttpRequest } from './routing/parseHttpRequest';
export { ingressControllerService } from './routing/ingressController';
export { readIngressClass } from './routing/ingressClass';
export { answerHttp } from './trace/httpQuery';
export { buildSnapshot } from './snapshot/buildSnapshot';
export { findPort } from './snapshot/endpoints';
export { renderEndpointsTable } from './snapshot/endpointsTable';
export { objectsOfType, serviceNamed } from './snapshot/indexes';
export { serviceEnvironment } from './snapshot/serviceEnvironment';
export { snapshotChange } from './snapshot/snapshotChange';
export type { ClusterSnapshot, SimNode, SimPod, SimService, SourceRef } from './snapshot/types';
export { updateSnapshot } from './snapshot/updateSnapshot';
export type { ReadonlyList } from './chunkedList';
export { firstAfter } from './sortedLists';
export { isRange, substringRange } from './source';
export type { FieldSpan, Located, SourceLocation, TextPosition, TextRange } from './source';
export { buildTopology, compareText } from './topology';
export type { Topology, TopologyColumn, TopologyEdge, TopologyNode, TopologyNodeKind } from './topology';
export { formatTraceText } from './trace/formatText';
export { parseDestination, parseProtocol, parseSource, portForwardTarget } from './trace/parseEndpoints';
export { traceRequest, traceWithProxyStatus } from './trace/trace';
export { classifyAddress } from './trace/locate';
export type { PortForwardTarget, Trace, TraceDestination, TraceHop, TraceRequest, TraceSource } from './trace/types';
