import * as vscode from 'vscode';
import type { ProtocolRange } from '../../../server/src/protocol';

/** Opens a file at a range beside the panel that asked: the YAML line a hop, cell or box came from. */
export async function revealRange(uri: string, range: ProtocolRange): Promise<void> {
  const selection = new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
  await vscode.window.showTextDocument(vscode.Uri.parse(uri), { selection, viewColumn: vscode.ViewColumn.One });
}
