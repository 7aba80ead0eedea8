import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { SERVER_EXEC_ARGV } from '../../server/src/protocol';
import { PROJECT_ROOT } from './fixtures';

export interface PublishedDiagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity?: number;
  code?: string | number;
  source?: string;
  message: string;
  relatedInformation?: { location: { uri: string; range: PublishedDiagnostic['range'] }; message: string }[];
}

/** As the extension starts it (client/src/extension.ts). */
export const KUBETRACE_SERVER: readonly string[] = [process.execPath, ...SERVER_EXEC_ARGV, path.join(PROJECT_ROOT, 'dist', 'server.js'), '--stdio'];

/**
 * A language server started as any editor would (by default ours: `node dist/server.js --stdio`), spoken to
 * in LSP. `configuration` answers the server's `workspace/configuration` requests, section by section.
 */
export class LspSession {
  readonly connection: MessageConnection;
  private readonly child: ChildProcess;
  private readonly latest = new Map<string, PublishedDiagnostic[]>();
  private readonly waiters: (() => void)[] = [];
  /** How many analyses the server has published (it says so after each with kubetrace/modelChanged). */
  private analysesPublished = 0;
  readonly exited: Promise<number | null>;

  constructor(command: readonly string[] = KUBETRACE_SERVER, configuration: (section: string | undefined) => unknown = () => null) {
    const [program, ...args] = command;
    this.child = spawn(program!, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
    this.connection = createMessageConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; diagnostics: PublishedDiagnostic[] }) => {
      this.latest.set(params.uri, params.diagnostics);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.connection.onNotification('kubetrace/modelChanged', () => {
      this.analysesPublished++;
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => params.items.map((item) => configuration(item.section)));
    this.connection.listen();
  }

  async initialize(rootPath: string, capabilities: object = {}, initializationOptions?: object): Promise<unknown> {
    const rootUri = `file://${rootPath}`;
    const result = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'test' }],
      capabilities,
      ...(initializationOptions && { initializationOptions }),
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  /** The server process's exit code; null while it runs. */
  get exitCode(): number | null {
    return this.child.exitCode;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  diagnostics(uri: string): PublishedDiagnostic[] | undefined {
    return this.latest.get(uri);
  }

  /** Waits until the latest diagnostics for `uri` satisfy `condition`; fails after `timeoutMs` (a hang, not a speed test). */
  async waitForDiagnostics(uri: string, condition: (diagnostics: PublishedDiagnostic[]) => boolean, timeoutMs = 10_000): Promise<PublishedDiagnostic[]> {
    await this.waitUntil(() => {
      const current = this.latest.get(uri);
      return current && condition(current) ? current : undefined;
    }, timeoutMs, () => `no matching diagnostics for ${uri} within ${timeoutMs} ms; latest: ${JSON.stringify(this.latest.get(uri))}`);
    return this.latest.get(uri)!;
  }

  /**
   * Waits until the server has published `count` analyses of the whole workspace (not only the files' own
   * problems, which a load shows first); the diagnostics are then complete.
   */
  async waitForAnalyses(count = 1, timeoutMs = 10_000): Promise<void> {
    await this.waitUntil(() => (this.analysesPublished >= count ? true : undefined), timeoutMs, () => `${this.analysesPublished} of ${count} analyses published within ${timeoutMs} ms`);
  }

  private async waitUntil<T>(done: () => T | undefined, timeoutMs: number, failure: () => string): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const result = done();
      if (result !== undefined) return result;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(failure());
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async shutdown(): Promise<number | null> {
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    return this.exited;
  }

  kill(): void {
    this.connection.dispose();
    if (this.child.exitCode === null) this.child.kill();
  }
}
