/** The one message protocol between the extension host and the webview. Version it when it changes. */
import type { ModelSummary, ProtocolRange } from '../../server/src/protocol';

export const WEBVIEW_PROTOCOL_VERSION = 1;

export type HostToWebview = { readonly type: 'model'; readonly version: number; readonly summary: ModelSummary };

export type WebviewToHost =
  | { readonly type: 'ready'; readonly version: number }
  | { readonly type: 'reveal'; readonly uri: string; readonly range: ProtocolRange };
