import { base32, sha256 } from '../sha256';

/** kube-proxy's iptables chain names: a prefix and 16 base32 characters of sha256(servicePortName + protocol [+ endpoint]). */
export function portProtoHash(servicePortName: string, protocol: string): string {
  return base32(sha256(servicePortName + protocol)).slice(0, 16);
}

export const serviceChain = (name: string, protocol: string) => `KUBE-SVC-${portProtoHash(name, protocol)}`;
export const localServiceChain = (name: string, protocol: string) => `KUBE-SVL-${portProtoHash(name, protocol)}`;
export const externalChain = (name: string, protocol: string) => `KUBE-EXT-${portProtoHash(name, protocol)}`;
export const firewallChain = (name: string, protocol: string) => `KUBE-FW-${portProtoHash(name, protocol)}`;
export const endpointChain = (name: string, protocol: string, endpoint: string) => `KUBE-SEP-${base32(sha256(name + protocol + endpoint)).slice(0, 16)}`;

/** kube-proxy's nftables chain name base: 8 base32 characters of the hash, then the readable name. */
export function nftablesName(name: string): string {
  const prefixed = `${base32(sha256(name)).slice(0, 8)}-${name}`;
  return prefixed.length > 112 ? `${prefixed.slice(0, 109)}...` : prefixed;
}
