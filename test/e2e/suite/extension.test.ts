import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { waitFor } from './waitFor';

const EXTENSION_ID = 'kubetrace.kubetrace';

function workspaceFile(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the example workspace is open');
  return vscode.Uri.joinPath(folder.uri, relative);
}

function codes(uri: vscode.Uri): string[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((diagnostic) => diagnostic.source === 'kubetrace')
    .map((diagnostic) => String(typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code));
}

describe('Kubetrace in a real VS Code workbench', () => {
  const redis = () => workspaceFile('shop/data/redis.yaml');

  it('activates on the YAML workspace', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  it('publishes the model problems of files that are not open', async () => {
    const diagnostic = await waitFor(
      () => vscode.languages.getDiagnostics(redis()).find((candidate) => candidate.source === 'kubetrace'),
      'a kubetrace diagnostic on shop/data/redis.yaml',
    );
    assert.equal(String(typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code), 'KT002');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.deepEqual([diagnostic.range.start.line, diagnostic.range.start.character, diagnostic.range.end.character], [37, 12, 18]);
    assert.equal(diagnostic.message, 'spec.ports[0].port must be an integer, not a string ("6379").');
  });

  it('follows the text as the user types, and never writes the file', async () => {
    const onDisk = fs.readFileSync(redis().fsPath, 'utf8');
    const document = await vscode.workspace.openTextDocument(redis());
    const editor = await vscode.window.showTextDocument(document);
    const portLine = document.lineAt(37);
    const quoted = portLine.text.indexOf('"6379"');
    assert.ok(quoted > 0, 'the deliberate mistake is on line 38');
    await editor.edit((edit) => edit.replace(new vscode.Range(37, quoted, 37, quoted + 6), '6379'));
    await waitFor(() => codes(redis()).length === 0, 'the KT002 to go away once the port is an integer');
    await editor.edit((edit) => edit.replace(new vscode.Range(37, quoted, 37, quoted + 4), 'ports'));
    await waitFor(
      () => vscode.languages.getDiagnostics(redis()).find((diagnostic) => diagnostic.message.includes('not a string ("ports")')),
      'a KT002 for the new text',
    );
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await waitFor(() => codes(redis()).join() === 'KT002', 'the original problem after revert');
    assert.equal(fs.readFileSync(redis().fsPath, 'utf8'), onDisk, 'the file on disk is unchanged');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('reads a file created on disk and forgets it when deleted', async () => {
    const copy = workspaceFile('shop/data/redis-copy.yaml');
    const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: postgres\n  namespace: shop-data\nspec:\n  clusterIP: None\n';
    fs.writeFileSync(copy.fsPath, service);
    try {
      await waitFor(() => codes(copy).includes('KT004'), 'KT004 on the new copy of Service shop-data/postgres');
      await waitFor(() => codes(workspaceFile('shop/data/postgres.yaml')).includes('KT004'), 'KT004 on the original');
    } finally {
      fs.rmSync(copy.fsPath, { force: true });
    }
    await waitFor(() => !codes(workspaceFile('shop/data/postgres.yaml')).includes('KT004'), 'the duplicate to be gone');
  });

  it('opens the Cluster Model panel from its command', async () => {
    await vscode.commands.executeCommand('kubetrace.showModel');
    const tab = await waitFor(
      () => vscode.window.tabGroups.all.flatMap((group) => group.tabs).find((candidate) => candidate.label === 'Kubetrace: Cluster Model'),
      'the Cluster Model tab',
    );
    assert.ok(tab.input instanceof vscode.TabInputWebview, 'the tab holds a webview');
    await vscode.window.tabGroups.close(tab);
  });

  it('keeps the diagnostics across a language server restart', async () => {
    await vscode.commands.executeCommand('kubetrace.restartServer');
    await waitFor(() => codes(redis()).join() === 'KT002', 'the diagnostics after the restart');
  });
});
