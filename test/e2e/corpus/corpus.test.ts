import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from '../suite/waitFor';

/** The application a file belongs to: its first folder below the workspace folder (the corpus's layout). */
function applicationOf(uri: vscode.Uri): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the corpus is open');
  return uri.path.slice(folder.uri.path.length + 1).split('/')[0]!;
}

function kubetraceDiagnostics(): [vscode.Uri, vscode.Diagnostic[]][] {
  return vscode.languages
    .getDiagnostics()
    .map(([uri, list]) => [uri, list.filter((diagnostic) => diagnostic.source === 'kubetrace')] as [vscode.Uri, vscode.Diagnostic[]])
    .filter(([, list]) => list.length > 0);
}

describe('Kubetrace with ../shared/corpus, eight demo applications, opened as one workspace', () => {
  it('publishes findings for the applications, and none of them mixes two applications', async () => {
    const extension = vscode.extensions.getExtension('kubetrace.kubetrace');
    assert.ok(extension);
    await extension.activate();
    // The recipes hold policies whose pods are elsewhere: their findings show the analysis has run.
    await waitFor(() => kubetraceDiagnostics().some(([uri]) => applicationOf(uri) === 'network-policy-recipes'), 'the corpus to be analysed', 120_000);
    // Then until the findings stop changing: files are published as their analysis lands.
    let last = '';
    await waitFor(async () => {
      const now = JSON.stringify(kubetraceDiagnostics().map(([uri, list]) => [uri.toString(), list.length]));
      const stable = now === last;
      last = now;
      if (!stable) await new Promise((resolve) => setTimeout(resolve, 2_000));
      return stable;
    }, 'the findings to settle', 120_000);
    const all = kubetraceDiagnostics();
    assert.ok(all.length > 0);
    for (const [uri, list] of all) {
      for (const diagnostic of list) {
        for (const related of diagnostic.relatedInformation ?? []) {
          assert.equal(applicationOf(related.location.uri), applicationOf(uri), `${uri.path}: "${diagnostic.message}" relates ${related.location.uri.path}`);
        }
      }
    }
    // Guestbook and Online Boutique both define Service default/frontend: each is its own cluster, no duplicate.
    const frontend = all.filter(([, list]) => list.some((diagnostic) => /Service frontend|Service default\/frontend/.test(diagnostic.message) && /defined \d times/.test(diagnostic.message)));
    assert.deepEqual(frontend, []);
  });
});
