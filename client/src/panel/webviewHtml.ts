import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** A webview page with a strict CSP: only the extension's own script (by nonce) and stylesheet, nothing remote. */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, options: { title: string; script: string; styles: readonly string[]; body: string }): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', options.script));
  const styles = options.styles.map((style) => `<link rel="stylesheet" href="${webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', style)).toString()}">`);
  const csp = ["default-src 'none'", `style-src ${webview.cspSource}`, `script-src 'nonce-${nonce}'`, `img-src ${webview.cspSource}`].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${styles.join('\n')}
<title>${options.title}</title>
</head>
<body>
${options.body}
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}
