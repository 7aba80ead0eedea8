import * as vscode from 'vscode';
import type { EngineInput } from './panel/tracePanel';

/**
 * "Show Cluster Profile": opens the workspace's kubetrace.yaml when there is one; otherwise a new, unsaved
 * document with the effective profile as YAML, for the user to edit and save where they choose.
 */
export async function showProfile(fetchInput: () => Promise<EngineInput>): Promise<void> {
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    for (const name of ['kubetrace.yaml', 'kubetrace.yml', 'kubetrace.json']) {
      const uri = vscode.Uri.joinPath(folder.uri, name);
      const exists = await vscode.workspace.fs.stat(uri).then(() => true, () => false);
      if (exists) {
        await vscode.window.showTextDocument(uri);
        return;
      }
    }
  }
  const { profile } = await fetchInput();
  const content = `# The cluster profile Kubetrace uses now (defaults and the kubetrace.profile setting).\n# Save it as kubetrace.yaml at the root of the workspace to change it; every key is in the README.\n${JSON.stringify(profile, null, 2)}\n`;
  const document = await vscode.workspace.openTextDocument({ language: 'yaml', content });
  await vscode.window.showTextDocument(document);
}
