import * as vscode from 'vscode';
import type { ModelSummary } from '../../server/src/protocol';

/** "Go to Service...": a quick pick over every Service of every cluster model, opening the YAML that defines it. */
export async function goToService(fetchSummary: () => Promise<ModelSummary>): Promise<void> {
  const summary = await fetchSummary();
  const items = summary.clusters.flatMap((cluster) =>
    cluster.objects
      .filter((object) => object.kind === 'Service' && object.group === '')
      .map((object) => ({
        label: object.name,
        description: object.namespace,
        detail: summary.clusters.length > 1 ? `cluster ${cluster.name} · ${vscode.workspace.asRelativePath(vscode.Uri.parse(object.uri))}` : vscode.workspace.asRelativePath(vscode.Uri.parse(object.uri)),
        object,
      })),
  );
  if (items.length === 0) {
    void vscode.window.showInformationMessage('Kubetrace: the workspace defines no Service.');
    return;
  }
  const picked = await vscode.window.showQuickPick(items, { placeHolder: 'Go to Service (name or namespace)', matchOnDescription: true });
  if (!picked) return;
  const { start, end } = picked.object.range;
  await vscode.window.showTextDocument(vscode.Uri.parse(picked.object.uri), { selection: new vscode.Range(start.line, start.character, end.line, end.character) });
}
