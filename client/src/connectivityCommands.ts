import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { FILE_AT_REVISION_REQUEST, GENERATE_POLICIES_REQUEST } from '../../server/src/protocol';

/**
 * The revision **Kubetrace: Compare Connectivity with HEAD or a Revision...** compares with: the one a CodeLens
 * names, else what the user types (HEAD by default); undefined when they cancel. The trace view's matrix then marks
 * what the workspace as it is now, unsaved editors included, changes against it.
 */
export async function revisionToCompare(given: unknown): Promise<string | undefined> {
  if (typeof given === 'string' && /^[\w./~^-]{1,200}$/.test(given)) return given;
  return vscode.window.showInputBox({ title: 'Kubetrace: Compare Connectivity', prompt: "A branch, a tag, HEAD~N or a commit of the workspace folder's repository", value: 'HEAD' });
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

/** Serves `kubetrace-revision:` documents: a file as committed, which the comparison's changes link to (read-only). */
export function revisionDocuments(client: LanguageClient): vscode.TextDocumentContentProvider {
  return {
    async provideTextDocumentContent(uri) {
      const answer = await client.sendRequest<{ text: string } | { error: string }>(FILE_AT_REVISION_REQUEST, { uri: uri.toString() });
      return 'text' in answer ? answer.text : `# Kubetrace: ${answer.error}\n`;
    },
  };
}
