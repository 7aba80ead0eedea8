/**
 * A file opened while the server reads a large workspace for the first time: its own problems are published as
 * soon as it is parsed, before the rest of the workspace is (the order of events, not a time).
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { makeTree, removeTree } from '../support/fixtures';
import { LspSession } from '../support/lspClient';

/** Enough files that reading them takes a while: the file is opened while they are read. */
const APPLICATIONS = 3000;

function application(index: number): string {
  const name = `app-${index}`;
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    `metadata: {name: ${name}, namespace: team-${index % 20}}`,
    'spec:',
    `  selector: {matchLabels: {app: ${name}}}`,
    `  template: {metadata: {labels: {app: ${name}}}, spec: {containers: [{name: web, image: web, ports: [{containerPort: 8080}]}]}}`,
    '---',
    'apiVersion: v1',
    'kind: Service',
    `metadata: {name: ${name}, namespace: team-${index % 20}}`,
    `spec: {selector: {app: ${name}}, ports: [{port: 80, targetPort: 8080}]}`,
    '',
  ].join('\n');
}

describe('a file opened while the workspace is read for the first time', () => {
  let server: LspSession;
  let root: string;
  const files: Record<string, string> = {};
  for (let index = 0; index < APPLICATIONS; index++) files[`apps/app-${String(index).padStart(4, '0')}.yaml`] = application(index);
  // A file whose own problem (a syntax error) is published with the others' once the workspace is parsed.
  files['apps/aaa-broken.yaml'] = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: broken\n';
  // The file the user opens, last of all in the order files are read.
  files['zzz/opened.yaml'] = application(APPLICATIONS);
  const openedText = `${application(APPLICATIONS)}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: opened\n  name: twice\n`;

  before(() => {
    root = makeTree(files);
    server = new LspSession();
  });

  after(() => {
    server.kill();
    removeTree(root);
  });

  test('its own problems come before those of the files read with it, and before the analysis', async () => {
    const opened = `file://${path.join(root, 'zzz', 'opened.yaml')}`;
    const broken = `file://${path.join(root, 'apps', 'aaa-broken.yaml')}`;
    await server.initialize(root, { workspace: { configuration: false } });
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: opened, languageId: 'yaml', version: 1, text: openedText } });
    let brokenWhenOpenedShown: unknown = 'not looked at';
    const own = await server.waitForDiagnostics(
      opened,
      (diagnostics) => {
        brokenWhenOpenedShown = server.diagnostics(broken);
        return diagnostics.length > 0;
      },
      120_000,
    );
    assert.deepEqual(own.map((diagnostic) => diagnostic.code), ['KT001'], 'the opened file’s duplicate key');
    assert.equal(brokenWhenOpenedShown, undefined, 'no other file’s problems were published before the opened file’s');
    // The rest follows: the other files' own problems, then the analysis.
    await server.waitForDiagnostics(broken, (diagnostics) => diagnostics.some((diagnostic) => diagnostic.code === 'KT001'), 120_000);
    await server.waitForAnalyses(1, 120_000);
  });
});
