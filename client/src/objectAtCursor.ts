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

/** The kinds `kubectl exec TYPE/NAME` takes, by the short names the terminal's exec reads. */
const EXEC_TYPES: Record<string, string> = { Deployment: 'deploy', StatefulSet: 'sts', DaemonSet: 'ds', ReplicaSet: 'rs', Job: 'job', Pod: 'pod' };

/** The `kubectl exec -it` line that opens a shell in a pod of the workload under the cursor; a reason when there is none. */
export async function execLineAtCursor(fetchSummary: () => Promise<ModelSummary>): Promise<{ readonly line: string } | { readonly reason: string }> {
  const object = await objectAtCursor(fetchSummary, WORKLOAD_KINDS);
  if (!object) return { reason: 'Put the cursor in a Deployment, StatefulSet, DaemonSet, ReplicaSet, Job or Pod to exec into one of its pods.' };
  const type = EXEC_TYPES[object.kind];
  if (!type) return { reason: `kubectl exec does not take a ${object.kind}: exec into one of the pods it makes.` };
  return { line: `kubectl exec -it -n ${object.namespace ?? 'default'} ${type}/${object.name} -- sh` };
}
