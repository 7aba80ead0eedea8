import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { COMPARE_CONNECTIVITY_REQUEST, GENERATE_POLICIES_REQUEST, type ConnectivityComparisonReply } from '../../server/src/protocol';

/**
 * **Kubetrace: Compare Connectivity with HEAD or a Revision...**: asks for a revision (HEAD by default), and shows what
 * the workspace as it is now (unsaved buffers included) changes against it, as a Markdown preview of the report
 * `kubetrace diff --format markdown` prints.
 */
export async function compareConnectivity(client: LanguageClient, activeFile: string | undefined, given?: unknown): Promise<void> {
  // A CodeLens names the revision; the command palette asks for it.
  const revision = typeof given === 'string' && /^[\w./~^-]{1,200}$/.test(given) ? given : await vscode.window.showInputBox({ title: 'Kubetrace: Compare Connectivity', prompt: 'A branch, a tag, HEAD~N or a commit of the workspace folder\'s repository', value: 'HEAD' });
  if (revision === undefined) return;
  const reply = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Kubetrace: comparing connectivity with ${revision}...` }, () =>
    client.sendRequest<ConnectivityComparisonReply | { error: string }>(COMPARE_CONNECTIVITY_REQUEST, { revision, ...(activeFile && { uri: activeFile }) }),
  );
  if ('error' in reply) {
    void vscode.window.showWarningMessage(`Kubetrace: ${reply.error}`);
    return;
  }
  const header = `Cluster model \`${reply.cluster}\`: the workspace as it is now (unsaved editors included) against ${reply.base}.\n\n`;
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: header + reply.markdown });
  await vscode.commands.executeCommand('markdown.showPreview', document.uri);
}

/**
 * **Kubetrace: Generate NetworkPolicies for This Namespace**: the least-privilege policies of the namespace of the
 * object under the cursor, as a new file shown for preview; nothing is written until the user applies it.
 */
export async function generatePolicies(client: LanguageClient): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.uri.scheme !== 'file') {
    void vscode.window.showInformationMessage('Kubetrace: open a manifest of the namespace to generate NetworkPolicies for.');
    return;
  }
  const answer = await client.sendRequest<object>(GENERATE_POLICIES_REQUEST, { uri: editor.document.uri.toString(), position: { line: editor.selection.active.line, character: editor.selection.active.character } });
  if ('error' in answer) {
    void vscode.window.showInformationMessage(`Kubetrace: ${String(answer.error)}`);
    return;
  }
  const edit = await client.protocol2CodeConverter.asWorkspaceEdit(answer as never);
  if (edit) await vscode.workspace.applyEdit(edit, { isRefactoring: true });
}
