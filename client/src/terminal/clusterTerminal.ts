import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { TERMINAL_CLOSE_NOTIFICATION, TERMINAL_OPEN_REQUEST, TERMINAL_RUN_REQUEST, type TerminalOpened, type TerminalReply } from '../../../server/src/protocol';
import { LineEditor } from './lineEditor';
import { crlf, noteLinksIn, replyText, type PrintedNoteLink } from './terminalText';

const BANNER = 'Kubetrace cluster terminal: kubectl, curl, nslookup, dig, iptables... answered from the manifests, offline.\r\nNothing runs and no file changes; type help for the commands.\r\n';

/**
 * **Kubetrace: Open Cluster Terminal**: a pseudo-terminal whose lines the language server answers (`kubetrace sh`
 * in the editor). The server holds the terminal's state; this side edits the line and prints the replies.
 */
class ClusterTerminalPty implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<void>();
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;
  private readonly editor = new LineEditor();
  private id: number | undefined;
  private prompt = '$ ';
  /** Lines typed while a command runs wait their turn, as in a shell. */
  private queue = Promise.resolve();
  readonly links = new Map<string, PrintedNoteLink>();

  constructor(
    private readonly client: LanguageClient,
    private readonly openParams: { readonly uri?: string },
    private readonly firstLine: string | undefined,
  ) {}

  open(): void {
    this.queue = this.queue.then(async () => {
      const opened = await this.client.sendRequest<TerminalOpened>(TERMINAL_OPEN_REQUEST, this.openParams);
      this.id = opened.id;
      this.prompt = opened.prompt;
      this.writeEmitter.fire(`${BANNER}\x1b[2mcluster model: ${opened.cluster}\x1b[0m\r\n`);
      if (this.firstLine === undefined) this.writeEmitter.fire(this.prompt);
      else await this.runLine(this.firstLine, true);
    }).catch((error: unknown) => this.writeEmitter.fire(crlf(`Kubetrace could not open the terminal: ${String(error)}\n`)));
  }

  close(): void {
    if (this.id !== undefined) void this.client.sendNotification(TERMINAL_CLOSE_NOTIFICATION, { id: this.id });
  }

  handleInput(data: string): void {
    for (const action of this.editor.input(data)) {
      if ('write' in action) this.writeEmitter.fire(action.write);
      else if ('submit' in action) {
        const line = action.submit;
        this.queue = this.queue.then(() => this.runLine(line, false));
      } else if ('interrupt' in action) this.writeEmitter.fire(this.prompt);
      else this.closeEmitter.fire();
    }
  }

  private async runLine(line: string, echo: boolean): Promise<void> {
    if (this.id === undefined) return;
    if (echo) this.writeEmitter.fire(`${this.prompt}${line}\r\n`);
    if (line.trim() === 'exit' && this.prompt.endsWith('$ ')) {
      this.closeEmitter.fire();
      return;
    }
    const reply = await this.client.sendRequest<TerminalReply | { error: string }>(TERMINAL_RUN_REQUEST, { id: this.id, line });
    if ('error' in reply) {
      this.writeEmitter.fire(crlf(`${reply.error}\n`));
      this.closeEmitter.fire();
      return;
    }
    const { text, links } = replyText(reply, (uri) => vscode.workspace.asRelativePath(vscode.Uri.parse(uri)));
    for (const link of links) this.links.set(link.shown, link);
    this.prompt = reply.prompt;
    this.writeEmitter.fire(text + this.prompt);
  }
}

/** The open cluster terminals, so that their note links open the YAML they name. */
const ptys = new Map<vscode.Terminal, ClusterTerminalPty>();

/** Opens a cluster terminal on the cluster of the active file; `firstLine` (a kubectl exec) runs at once. */
export function openClusterTerminal(client: LanguageClient, activeFile: string | undefined, firstLine?: string): void {
  const pty = new ClusterTerminalPty(client, activeFile ? { uri: activeFile } : {}, firstLine);
  const terminal = vscode.window.createTerminal({ name: 'Kubetrace cluster', pty, iconPath: new vscode.ThemeIcon('server-environment') });
  ptys.set(terminal, pty);
  terminal.show();
}

interface NoteLink extends vscode.TerminalLink {
  readonly target: PrintedNoteLink;
}

/** Opens the YAML line a note names, from the `(path:line)` the terminal printed. */
export const clusterTerminalLinks: vscode.TerminalLinkProvider<NoteLink> = {
  provideTerminalLinks(context) {
    const pty = ptys.get(context.terminal);
    if (!pty) return [];
    return noteLinksIn(context.line).flatMap((found) => {
      const target = pty.links.get(found.shown);
      return target ? [{ startIndex: found.startIndex, length: found.length, tooltip: 'Open the YAML that decided this', target }] : [];
    });
  },
  async handleTerminalLink(link) {
    const position = new vscode.Position(link.target.line, 0);
    await vscode.window.showTextDocument(vscode.Uri.parse(link.target.uri), { selection: new vscode.Range(position, position) });
  },
};

/** Forgets a terminal the user closed. */
export function forgetClusterTerminal(terminal: vscode.Terminal): void {
  ptys.delete(terminal);
}
