/** Readers for Cilium's and Calico's own policy resources (engine/objects/cniPolicies.ts). */
import type * as K from '../engine/objects';
import { boolean, integer, integerOrString, list, number, object, string, type Decoder } from './decode';
import { labelSelector } from './schemas';

const strings = list(string);
const presence = object<K.Spanned>({});

const ciliumPortProtocol = object<K.CiliumPortProtocol>({ port: integerOrString, endPort: integer, protocol: string });
const ciliumL7Rules = object<K.CiliumL7Rules>({
  http: list(
    object<K.CiliumHttpRule>({
      method: string,
      path: string,
      host: string,
      headers: strings,
      headerMatches: list(object<K.CiliumHeaderMatch>({ name: string, value: string, mismatch: string })),
    }),
  ),
  dns: list(object<K.CiliumDnsRule>({ matchName: string, matchPattern: string })),
  kafka: list(presence),
  l7proto: string,
});
const ciliumCidrRule = object<K.CiliumCidrRule>({ cidr: string, except: strings, cidrGroupRef: string });
const selectors = list(labelSelector);
const ciliumRule = object<K.CiliumRule>({
  fromEndpoints: selectors,
  toEndpoints: selectors,
  fromRequires: selectors,
  toRequires: selectors,
  fromEntities: strings,
  toEntities: strings,
  fromCIDR: strings,
  toCIDR: strings,
  fromCIDRSet: list(ciliumCidrRule),
  toCIDRSet: list(ciliumCidrRule),
  fromNodes: selectors,
  toNodes: selectors,
  toServices: list(
    object<K.CiliumServiceSelector>({
      k8sService: object<NonNullable<K.CiliumServiceSelector['k8sService']>>({ serviceName: string, namespace: string }),
      k8sServiceSelector: object<NonNullable<K.CiliumServiceSelector['k8sServiceSelector']>>({ selector: labelSelector, namespace: string }),
    }),
  ),
  toFQDNs: list(object<K.CiliumFqdnSelector>({ matchName: string, matchPattern: string })),
  toPorts: list(object<K.CiliumPortRule>({ ports: list(ciliumPortProtocol), rules: ciliumL7Rules })),
  icmps: list(presence),
});
const ciliumRules = list(ciliumRule);
const ciliumPolicySpec = object<K.CiliumPolicySpec>({
  description: string,
  endpointSelector: labelSelector,
  nodeSelector: labelSelector,
  ingress: ciliumRules,
  ingressDeny: ciliumRules,
  egress: ciliumRules,
  egressDeny: ciliumRules,
  enableDefaultDeny: object<NonNullable<K.CiliumPolicySpec['enableDefaultDeny']>>({ ingress: boolean, egress: boolean }),
});

export const ciliumNetworkPolicyFields: { spec: Decoder<K.CiliumPolicySpec>; specs: Decoder<K.LocatedList<K.CiliumPolicySpec>> } = {
  spec: ciliumPolicySpec,
  specs: list(ciliumPolicySpec),
};

const calicoPorts = list(integerOrString);
const calicoEntityRule = object<K.CalicoEntityRule>({
  nets: strings,
  notNets: strings,
  selector: string,
  notSelector: string,
  namespaceSelector: string,
  ports: calicoPorts,
  notPorts: calicoPorts,
  serviceAccounts: object<NonNullable<K.CalicoEntityRule['serviceAccounts']>>({ names: strings, selector: string }),
  services: object<NonNullable<K.CalicoEntityRule['services']>>({ name: string, namespace: string }),
});
const calicoRule = object<K.CalicoRule>({
  action: string,
  protocol: integerOrString,
  notProtocol: integerOrString,
  ipVersion: integer,
  source: calicoEntityRule,
  destination: calicoEntityRule,
  http: presence,
});

export const calicoPolicyFields: { spec: Decoder<K.CalicoPolicySpec> } = {
  spec: object<K.CalicoPolicySpec>({
    tier: string,
    order: number,
    selector: string,
    namespaceSelector: string,
    serviceAccountSelector: string,
    types: strings,
    ingress: list(calicoRule),
    egress: list(calicoRule),
    doNotTrack: boolean,
    preDNAT: boolean,
    applyOnForward: boolean,
  }),
};

export const calicoTierFields: { spec: Decoder<NonNullable<K.CalicoTier['spec']>> } = {
  spec: object<NonNullable<K.CalicoTier['spec']>>({ order: number, defaultAction: string }),
};

export const calicoNetworkSetFields: { spec: Decoder<NonNullable<K.CalicoNetworkSet['spec']>> } = {
  spec: object<NonNullable<K.CalicoNetworkSet['spec']>>({ nets: strings }),
};
