/** The one message protocol between the extension host and the webview. Version it when it changes. */
import type { KubeObject } from '../../server/src/engine/objects';
import type { ClusterProfile } from '../../server/src/engine/profile';
import type { ModelSummary, ProtocolRange } from '../../server/src/protocol';

export const WEBVIEW_PROTOCOL_VERSION = 1;

/** What the trace view is asked to show when it opens or a command targets it. */
export interface TraceViewRequest {
  readonly tab: 'trace' | 'matrix';
  readonly from?: string;
  readonly to?: string;
}

export type HostToWebview =
  | { readonly type: 'model'; readonly version: number; readonly summary: ModelSummary }
  | { readonly type: 'engineInput'; readonly version: number; readonly cluster: string; readonly objects: readonly KubeObject[]; readonly profile: ClusterProfile }
  | { readonly type: 'show'; readonly version: number; readonly request: TraceViewRequest };

export type WebviewToHost =
  | { readonly type: 'ready'; readonly version: number }
  | { readonly type: 'reveal'; readonly uri: string; readonly range: ProtocolRange }
  | { readonly type: 'copy'; readonly text: string };
