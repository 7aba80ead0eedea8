import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
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
      // redis-copy.yaml is applied after postgres.yaml, so its Service replaces the original, which is told so.
      await waitFor(() => codes(workspaceFile('shop/data/postgres.yaml')).includes('KT004'), 'KT004 on the original, replaced by the new copy');
      assert.ok(!codes(copy).includes('KT004'), 'the copy applied last has nothing to change');
    } finally {
      fs.rmSync(copy.fsPath, { force: true });
    }
    await waitFor(() => !codes(workspaceFile('shop/data/postgres.yaml')).includes('KT004'), 'the duplicate to be gone');
  });

  it('shows a hover on a Service with its ports and endpoints', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceFile('shop/api/orders-api.yaml'));
    await vscode.window.showTextDocument(document);
    const result = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(41, 10));
    const text = result.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value))).join('\n');
    assert.match(text, /\*\*Service shop-api\/orders-api\*\* · ClusterIP/);
    assert.match(text, /2 ready/);
  });

  it('goes from an Ingress backend to its Service', async () => {
    const ingress = workspaceFile('shop/ingress/shop-ingress.yaml');
    const locations = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', ingress, new vscode.Position(21, 24));
    const targets = locations.map((location) => ('targetUri' in location ? [location.targetUri, location.targetRange] : [location.uri, location.range]) as [vscode.Uri, vscode.Range]);
    assert.deepEqual(targets.map(([uri, range]) => [vscode.workspace.asRelativePath(uri), range.start.line]), [['shop/web/frontend.yaml', 42]]);
  });

  it('applies the quick fix for a selector typo, in the editor only', async () => {
    const file = workspaceFile('shop/api/orders-api.yaml');
    const onDisk = fs.readFileSync(file.fsPath, 'utf8');
    const document = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(document);
    const diagnostic = await waitFor(() => vscode.languages.getDiagnostics(file).find((candidate) => String(typeof candidate.code === 'object' ? candidate.code.value : candidate.code) === 'KT101'), 'the KT101 diagnostic');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', file, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((action) => action.title === 'Change the selector to app: orders-api');
    assert.ok(fix?.edit, `a quick fix among ${actions.map((action) => action.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(document.lineAt(60).text, '    app: orders-api');
    await waitFor(() => !vscode.languages.getDiagnostics(file).some((candidate) => String(typeof candidate.code === 'object' ? candidate.code.value : candidate.code) === 'KT101'), 'the KT101 diagnostic to go away');
    await vscode.commands.executeCommand('workbench.action.files.revert');
    assert.equal(fs.readFileSync(file.fsPath, 'utf8'), onDisk, 'the file on disk is unchanged');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('applies a mesh quick fix, whose edit comes back from the server in the diagnostic data', async () => {
    const file = workspaceFile('shop/api/orders-api.yaml');
    const onDisk = fs.readFileSync(file.fsPath, 'utf8');
    const document = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(document);
    const mesh = [
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: mesh-e2e, labels: {istio-injection: enabled}}',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: reviews-v1, namespace: mesh-e2e, labels: {app: reviews, version: v1}}\nspec: {containers: [{name: app, image: x}]}',
      'apiVersion: v1\nkind: Service\nmetadata: {name: reviews, namespace: mesh-e2e}\nspec: {selector: {app: reviews}, ports: [{name: http, port: 9080}]}',
      'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: reviews, namespace: mesh-e2e}\nspec: {host: reviews, subsets: [{name: v1, labels: {version: v1}}]}',
      'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: reviews, namespace: mesh-e2e}\nspec:\n  hosts: [reviews]\n  http:\n    - route:\n        - destination: {host: reviews, subset: v3}',
    ].join('\n---\n');
    const replace = new vscode.WorkspaceEdit();
    replace.replace(file, new vscode.Range(0, 0, document.lineCount, 0), `${onDisk}---\n${mesh}\n`);
    assert.ok(await vscode.workspace.applyEdit(replace));
    const isKT503 = (candidate: vscode.Diagnostic) => String(typeof candidate.code === 'object' ? candidate.code.value : candidate.code) === 'KT503';
    const diagnostic = await waitFor(() => vscode.languages.getDiagnostics(file).find(isKT503), 'the KT503 diagnostic');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', file, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((action) => action.title === 'Change v3 to v1');
    assert.ok(fix?.edit, `a quick fix among ${actions.map((action) => action.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(document.getText(), /destination: \{host: reviews, subset: v1\}/);
    await waitFor(() => !vscode.languages.getDiagnostics(file).some(isKT503), 'the KT503 diagnostic to go away');
    await vscode.commands.executeCommand('workbench.action.files.revert');
    assert.equal(fs.readFileSync(file.fsPath, 'utf8'), onDisk, 'the file on disk is unchanged');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
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

  it('registers every command of the trace view', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const command of ['openTraceView', 'traceFromHere', 'traceToService', 'showMatrix', 'showTopology', 'goToService', 'selectCluster', 'showProfile']) {
      assert.ok(commands.includes(`kubetrace.${command}`), `kubetrace.${command} is registered`);
    }
  });

  it('Trace to This Service opens the trace view from the Service under the cursor', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceFile('shop/api/orders-api.yaml'));
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(41, 10, 41, 10);
    await vscode.commands.executeCommand('kubetrace.traceToService');
    const tab = await waitFor(
      () => vscode.window.tabGroups.all.flatMap((group) => group.tabs).find((candidate) => candidate.label === 'Kubetrace: Trace'),
      'the Trace tab',
    );
    assert.ok(tab.input instanceof vscode.TabInputWebview, 'the tab holds a webview');
    await vscode.window.tabGroups.close(tab);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Show Cluster Profile opens the effective profile as YAML, without writing a file', async () => {
    const folder = workspaceFile('.');
    const before = fs.readdirSync(folder.fsPath).sort();
    await vscode.commands.executeCommand('kubetrace.showProfile');
    const editor = await waitFor(() => (vscode.window.activeTextEditor?.document.getText().includes('clusterDomain') ? vscode.window.activeTextEditor : undefined), 'the profile in an editor');
    assert.equal(editor.document.languageId, 'yaml');
    assert.equal(editor.document.isUntitled, true, 'a new, unsaved document: the user chooses where to save it');
    assert.deepEqual(fs.readdirSync(folder.fsPath).sort(), before, 'nothing was written to the workspace');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('keeps the diagnostics across a language server restart', async () => {
    await vscode.commands.executeCommand('kubetrace.restartServer');
    await waitFor(() => codes(redis()).join() === 'KT002', 'the diagnostics after the restart');
  });

  it('restarts a language server that died, and the open trace view survives it', async () => {
    await vscode.commands.executeCommand('kubetrace.openTraceView');
    const traceTab = () => vscode.window.tabGroups.all.flatMap((group) => group.tabs).find((candidate) => candidate.label === 'Kubetrace: Trace');
    await waitFor(traceTab, 'the Trace tab');
    const killed = serverPid();
    assert.ok(killed, 'the language server runs');
    process.kill(killed, 'SIGKILL');
    await waitFor(() => {
      const pid = serverPid();
      return pid !== undefined && pid !== killed;
    }, 'a new language server process');
    await waitFor(() => codes(redis()).join() === 'KT002', 'the diagnostics from the restarted server');
    assert.ok(traceTab(), 'the trace view is still open');
    await vscode.commands.executeCommand('kubetrace.showMatrix');
    assert.ok(traceTab(), 'and still answers its commands');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});

/** The language server this extension host started (it passes its own process id to the server). */
function serverPid(): number | undefined {
  try {
    const found = execFileSync('pgrep', ['-f', `dist/server.js.*clientProcessId=${process.pid}`], { encoding: 'utf8' }).trim().split('\n')[0];
    return found ? Number(found) : undefined;
  } catch {
    return undefined;
  }
}
