import {
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeParams,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticsPublisher } from './features/diagnostics';
import { summarizeModel } from './features/modelSummary';
import { MODEL_CHANGED_NOTIFICATION, MODEL_SUMMARY_REQUEST } from './protocol';
import { DEFAULT_SETTINGS, readSettings } from './workspace/settings';
import { uriToPath, WorkspaceSession, type FileChange } from './workspace/workspaceSession';

/** Wires the LSP connection to the workspace session; all behaviour lives in workspace/ and features/. */
const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const publisher = new DiagnosticsPublisher((uri, diagnostics) => void connection.sendDiagnostics({ uri, diagnostics }));
let session = new WorkspaceSession([], DEFAULT_SETTINGS);
let canReadConfiguration = false;
let canWatchFiles = false;
let publishTimer: NodeJS.Timeout | undefined;
let ready: Promise<void> = Promise.resolve();

function schedulePublish(): void {
  clearTimeout(publishTimer);
  publishTimer = setTimeout(() => {
    publisher.publish(session.model.problemsByUri());
    void connection.sendNotification(MODEL_CHANGED_NOTIFICATION);
  }, 30);
}

async function currentSettings() {
  if (!canReadConfiguration) return DEFAULT_SETTINGS;
  const [kubetrace, filesExclude] = await connection.workspace.getConfiguration([{ section: 'kubetrace' }, { section: 'files.exclude' }]);
  return readSettings(kubetrace, filesExclude);
}

connection.onInitialize((params: InitializeParams) => {
  const folders = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
  const roots = folders.map(uriToPath).filter((root): root is string => root !== undefined);
  session = new WorkspaceSession(roots, DEFAULT_SETTINGS);
  canReadConfiguration = params.capabilities.workspace?.configuration === true;
  canWatchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  return {
    capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental },
    serverInfo: { name: 'kubetrace' },
  };
});

connection.onInitialized(() => {
  if (canWatchFiles) {
    void connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: [{ globPattern: '**/*.{yaml,yml,json}' }, { globPattern: '**/' }],
    });
  }
  if (canReadConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, undefined);
  ready = (async () => {
    await session.reconfigure(await currentSettings());
    schedulePublish();
  })();
});

connection.onDidChangeConfiguration(() => {
  ready = ready.then(async () => {
    await session.reconfigure(await currentSettings());
    schedulePublish();
  });
});

documents.onDidChangeContent(({ document }) => {
  session.setOpenDocument(document.uri, document.getText());
  schedulePublish();
});

documents.onDidClose(({ document }) => {
  ready = ready.then(async () => {
    await session.closeDocument(document.uri);
    schedulePublish();
  });
});

const CHANGE_KIND: Record<FileChangeType, FileChange['kind']> = {
  [FileChangeType.Created]: 'created',
  [FileChangeType.Changed]: 'changed',
  [FileChangeType.Deleted]: 'deleted',
};

connection.onDidChangeWatchedFiles(({ changes }) => {
  ready = ready.then(async () => {
    await session.applyFileChanges(changes.map((change) => ({ uri: change.uri, kind: CHANGE_KIND[change.type] })));
    schedulePublish();
  });
});

connection.onRequest(MODEL_SUMMARY_REQUEST, async () => {
  await ready;
  return summarizeModel(session.model.clusters(), session.model.problemsByUri());
});

documents.listen(connection);
connection.listen();
