import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from '../suite/waitFor';

/** A base and an overlay that renames and places it, written into the workspace for this test and removed after. */
const FILES: Record<string, string> = {
  'kustomize-shop/base/kustomization.yaml': 'resources:\n- deployment.yaml\n- service.yaml\n',
  'kustomize-shop/base/deployment.yaml':
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: web\n        image: nginx\n        ports:\n        - containerPort: 8080\n',
  'kustomize-shop/base/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n    targetPort: 8080\n',
  'kustomize-shop/overlays/prod/kustomization.yaml': 'namespace: prod\nnamePrefix: prod-\nresources:\n- ../../base\n',
};

describe('Kustomize in the editor', () => {
  const folder = vscode.workspace.workspaceFolders?.[0];
  const uriOf = (relative: string) => vscode.Uri.joinPath(folder!.uri, relative);

  before(async () => {
    assert.ok(folder, 'a workspace is open');
    for (const [relative, text] of Object.entries(FILES)) await vscode.workspace.fs.writeFile(uriOf(relative), Buffer.from(text));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(uriOf('kustomize-shop'), { recursive: true });
  });

  it('the hover on an overlay\'s resources entry names what the base builds there', async () => {
    const kustomization = uriOf('kustomize-shop/overlays/prod/kustomization.yaml');
    await vscode.window.showTextDocument(kustomization);
    const text = await waitFor(async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', kustomization, new vscode.Position(3, 4));
      const value = hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value))).join('\n');
      return /Service prod\/prod-web/.test(value) ? value : undefined;
    }, 'the overlay to be rendered', 60_000);
    assert.match(text, /kustomize-shop\/overlays\/prod/);
  });

  it('Show Rendered Object opens the object under the cursor as the overlay renders it, read-only', async () => {
    const editor = await vscode.window.showTextDocument(uriOf('kustomize-shop/base/service.yaml'));
    editor.selection = new vscode.Selection(new vscode.Position(3, 9), new vscode.Position(3, 9));
    await vscode.commands.executeCommand('kubetrace.showRenderedObject');
    const rendered = await waitFor(() => {
      const active = vscode.window.activeTextEditor?.document;
      return active?.uri.scheme === 'kubetrace-rendered' ? active : undefined;
    }, 'the rendered object to open');
    const text = rendered.getText();
    assert.match(text, /as rendered in kustomize-shop\/overlays\/prod/);
    assert.match(text, /name: prod-web/);
    assert.match(text, /namespace: prod/);
    assert.equal(rendered.languageId, 'yaml');
  });
});
