/**
 * The one message protocol between the extension host (client/src/panel) and the webview. Version it when
 * it changes. The host imports this file too, so both sides check the same shapes.
 */
import type { ClusterProfile, KubeObject } from '../../server/src/engine';
import type { ModelSummary, ProtocolRange } from '../../server/src/protocol';

export const WEBVIEW_PROTOCOL_VERSION = 5;

export type TraceViewTab = 'trace' | 'matrix' | 'topology';

/** What the trace view is asked to show when it opens or a command targets it. */
export interface TraceViewRequest {
  readonly tab: TraceViewTab;
  readonly from?: string;
  readonly to?: string;
  /** Mark the matrix with what changed against this git revision (HEAD, a branch, a commit). */
  readonly compareWith?: string;
}

/** One connection whose verdict changed against the revision compared with (schemas/diff.schema.json's change). */
export interface ComparedChange {
  readonly from: string;
  readonly to: string;
  readonly protocol: string;
  readonly port: number;
  readonly before: string;
  readonly after: string;
  readonly effect: 'opened' | 'closed' | 'changed';
  /** For `*`: the workloads it stands for (the first of them), and how many. */
  readonly sources?: readonly string[];
  readonly sourceCount?: number;
  /** The lines that decided on each side: the revision's (`kubetrace-revision:` URIs) and the workspace's now. */
  readonly beforeRefs?: readonly ComparedLine[];
  readonly afterRefs?: readonly ComparedLine[];
}

export interface ComparedLine {
  readonly uri: string;
  readonly range: ProtocolRange;
  readonly label: string;
}

/** What the matrix is compared with, and the changes to mark. */
export interface MatrixComparison {
  /** `HEAD (1a2b3c4d5e6f)`. */
  readonly base: string;
  readonly summary: string;
  readonly changes: readonly ComparedChange[];
}

/** A denied connection the user wants a NetworkPolicy for: workloads (`namespace/Kind/name`) or addresses. */
export interface FlowToAllow {
  readonly from: string;
  readonly to: string;
  readonly protocol: string;
  readonly port: number;
}

/** A workspace folder as the host knows it, so the webview can say paths relative to it. */
export interface WorkspaceFolderRef {
  readonly uri: string;
  readonly name: string;
}

export type HostToWebview =
  | { readonly type: 'model'; readonly version: number; readonly summary: ModelSummary }
  | { readonly type: 'engineInput'; readonly version: number; readonly cluster: string; readonly clusters: readonly string[]; readonly objects: readonly KubeObject[]; readonly profile: ClusterProfile; readonly workspaceFolders: readonly WorkspaceFolderRef[] }
  | { readonly type: 'show'; readonly version: number; readonly request: TraceViewRequest }
  | { readonly type: 'comparison'; readonly version: number; readonly comparison: MatrixComparison | undefined };

export type WebviewToHost =
  | { readonly type: 'ready'; readonly version: number }
  | { readonly type: 'reveal'; readonly uri: string; readonly range: ProtocolRange }
  | { readonly type: 'copy'; readonly text: string }
  | { readonly type: 'exportMatrix'; readonly format: 'csv' | 'json'; readonly action: 'save' | 'copy'; readonly text: string }
  | { readonly type: 'saveSvg'; readonly text: string }
  | { readonly type: 'selectCluster' }
  | ({ readonly type: 'allowFlow' } & FlowToAllow);

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isString = (value: unknown, maxLength: number): value is string => typeof value === 'string' && value.length <= maxLength;
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < 2 ** 31;
const isPosition = (value: unknown) => isRecord(value) && isCount(value['line']) && isCount(value['character']);
const isRange = (value: unknown): value is ProtocolRange => isRecord(value) && isPosition(value['start']) && isPosition(value['end']);

/**
 * A message from the webview, checked before the host acts on it: the webview renders manifest text, so
 * the host trusts nothing it sends. Returns undefined for anything that is not exactly one of the shapes.
 */
export function readWebviewMessage(raw: unknown): WebviewToHost | undefined {
  if (!isRecord(raw)) return undefined;
  switch (raw['type']) {
    case 'ready':
      return isCount(raw['version']) ? { type: 'ready', version: raw['version'] } : undefined;
    case 'reveal':
      // Only files, and a git revision's files (read-only): a webview must not make the host open any other scheme.
      return isString(raw['uri'], 4096) && (raw['uri'].startsWith('file:') || raw['uri'].startsWith('kubetrace-revision:/')) && isRange(raw['range']) ? { type: 'reveal', uri: raw['uri'], range: raw['range'] } : undefined;
    case 'selectCluster':
      return { type: 'selectCluster' };
    case 'copy':
      return isString(raw['text'], 1_000_000) ? { type: 'copy', text: raw['text'] } : undefined;
    case 'exportMatrix': {
      const { format, action, text } = raw;
      const valid = (format === 'csv' || format === 'json') && (action === 'save' || action === 'copy') && isString(text, 50_000_000);
      return valid ? { type: 'exportMatrix', format, action, text } : undefined;
    }
    case 'saveSvg':
      return isString(raw['text'], 20_000_000) ? { type: 'saveSvg', text: raw['text'] } : undefined;
    case 'allowFlow': {
      const { from, to, protocol, port } = raw;
      const valid = isString(from, 512) && isString(to, 512) && (protocol === 'TCP' || protocol === 'UDP' || protocol === 'SCTP') && isCount(port) && port >= 1 && port <= 65535;
      return valid ? { type: 'allowFlow', from, to, protocol, port } : undefined;
    }
    default:
      return undefined;
  }
}
