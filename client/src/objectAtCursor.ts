import * as vscode from 'vscode';
import type { ModelObjectSummary, ModelSummary } from '../../server/src/protocol';

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob', 'Pod']);

/** The model object whose YAML holds the cursor of the active editor and whose kind is one of `kinds`. */
async function objectAtCursor(fetchSummary: () => Promise<ModelSummary>, kinds: ReadonlySet<string>): Promise<ModelObjectSummary | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const summary = await fetchSummary();
  // The server and VS Code may spell one file's URI differently; compare the paths they stand for.
  const path = editor.document.uri.fsPath;
  const line = editor.selection.active.line;
  return summary.clusters
    .flatMap((cluster) => cluster.objects)
    .filter((object) => kinds.has(object.kind) && vscode.Uri.parse(object.uri).fsPath === path && object.range.start.line <= line && object.range.end.line >= line)
    .sort((a, b) => b.range.start.line - a.range.start.line)[0];
}

/** `namespace/name` of the workload under the cursor, as the trace view's source picker names it. */
export async function workloadAtCursor(fetchSummary: () => Promise<ModelSummary>): Promise<string | undefined> {
  const object = await objectAtCursor(fetchSummary, WORKLOAD_KINDS);
  return object ? `${object.namespace ?? 'default'}/${object.name}` : undefined;
}

/** `name.namespace` of the Service under the cursor; the trace view completes the port from the model. */
export async function serviceAtCursor(fetchSummary: () => Promise<ModelSummary>): Promise<string | undefined> {
  const object = await objectAtCursor(fetchSummary, new Set(['Service']));
  return object ? `${object.name}.${object.namespace ?? 'default'}` : undefined;
}
