import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { RENDERED_OBJECT_REQUEST, type RenderedObject, type RenderedObjectParams } from '../../server/src/protocol';

/** The scheme of the read-only documents that show a rendered object. */
export const RENDERED_SCHEME = 'kubetrace-rendered';

/** Holds the text of each rendered object shown, by its document's URI: the editor shows it read-only. */
export class RenderedObjects implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '# This rendered object is no longer known: run Kubetrace: Show Rendered Object again.\n';
  }

  /**
   * "Show Rendered Object": the object under the cursor as Kustomize renders it, in each build that reads the file
   * (the user picks one when there are several), in a read-only editor beside the source.
   */
  async show(client: LanguageClient): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return;
    const params: RenderedObjectParams = { uri: editor.document.uri.toString(), position: editor.selection.active };
    const rendered = await client.sendRequest<RenderedObject[]>(RENDERED_OBJECT_REQUEST, params);
    if (rendered.length === 0) {
      void vscode.window.showInformationMessage('No Kustomize build renders an object written here: put the cursor in an object of a file a kustomization includes.');
      return;
    }
    const picked =
      rendered.length === 1
        ? rendered[0]
        : (await vscode.window.showQuickPick(rendered.map((object) => ({ label: object.cluster, description: object.title, object })), { placeHolder: 'Which build\'s rendering to show' }))?.object;
    if (!picked) return;
    const uri = vscode.Uri.from({ scheme: RENDERED_SCHEME, path: `/${picked.cluster}/${picked.title.replace(/[/ ]/g, '_')}.yaml` });
    this.texts.set(uri.toString(), `# ${picked.title} as rendered in ${picked.cluster} (read-only)\n${picked.yaml}`);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(document, 'yaml');
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  }
}
