import { refTo } from '../snapshot/sourceRef';
import type { ClusterSnapshot, SimService, SourceRef } from '../snapshot/types';
import { meshRulesOf } from './rules';

/**
 * How the proxy protects the connection to a pod of a Service: a DestinationRule's `trafficPolicy.tls.mode` when
 * one sets it (ISTIO_MUTUAL, DISABLE, or TLS it originates itself: SIMPLE, MUTUAL), else auto mTLS (Istio mTLS
 * exactly when the pod has a sidecar). ISTIO_MUTUAL to a pod without a sidecar fails.
 */
export function upstreamTls(snapshot: ClusterSnapshot, service: SimService, sidecar: boolean): { readonly istioMtls: boolean; readonly fails: boolean; readonly text: string; readonly ref?: SourceRef } {
  const rule = meshRulesOf(service, snapshot).destinationRules.find((candidate) => candidate.spec?.trafficPolicy?.tls?.mode !== undefined);
  const mode = rule?.spec?.trafficPolicy?.tls?.mode;
  if (!rule || !mode) return sidecar ? { istioMtls: true, fails: false, text: 'over mTLS (auto mTLS: the pod has a sidecar)' } : { istioMtls: false, fails: false, text: 'in plaintext (the pod has no sidecar)' };
  const by = `DestinationRule ${rule.id.namespace}/${rule.id.name} sets tls mode ${mode.value}`;
  const ref = refTo(rule, mode.span, 'tls mode');
  switch (mode.value) {
    case 'ISTIO_MUTUAL':
      return sidecar ? { istioMtls: true, fails: false, text: `over mTLS (${by})`, ref } : { istioMtls: false, fails: true, text: `${by}, and the pod has no sidecar to answer it`, ref };
    case 'DISABLE':
      return { istioMtls: false, fails: false, text: `in plaintext (${by})`, ref };
    default:
      return { istioMtls: false, fails: false, text: `over TLS Envoy originates itself, not Istio mTLS (${by})`, ref };
  }
}
