/**
 * An open document changed as an editor sends it (LSP's content changes: ranges, and now and then the whole text):
 * the session's text and model equal those of a session that was given the whole text after each change.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_SETTINGS } from '../../../server/src/workspace/settings';
import { WorkspaceSession } from '../../../server/src/workspace/workspaceSession';
import { useTempTrees } from '../../support/fixtures';
import { pick, seededRandom } from '../../support/random';

const service = (name: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  selector: {app: ${name}}\n  ports: [{port: 80}]\n`;
const TYPED = ['a', ' ', ':', '\n', '\n---\n', '---', '"', '#', 'name: x\n'];

describe('an open document changed range by range', () => {
  const tree = useTempTrees();

  test('the session keeps the editor\'s text and reads it as a session given the whole text does, a full-text change among the ranges', async () => {
    const apps = ['api', 'web', 'db', 'cache'].map(service).join('---\n');
    const root = tree({ 'apps.yaml': apps, 'other.yaml': service('other') });
    const uri = pathToFileURL(path.join(root, 'apps.yaml')).href;
    const changed = new WorkspaceSession([root], DEFAULT_SETTINGS);
    const whole = new WorkspaceSession([root], DEFAULT_SETTINGS);
    await changed.load();
    await whole.load();
    let document = TextDocument.create(uri, 'yaml', 1, apps);
    changed.setOpenDocument(uri, document.getText());
    whole.setOpenDocument(uri, document.getText());
    const random = seededRandom(2_302);
    for (let round = 0; round < 120; round++) {
      const text = document.getText();
      const at = document.positionAt(Math.floor(random() * (text.length + 1)));
      const to = document.positionAt(Math.min(text.length, document.offsetAt(at) + Math.floor(random() * 3)));
      const ranged = { range: { start: at, end: to }, text: pick(TYPED, random) };
      // Now and then the editor sends the whole text, with a range after it.
      const changes = round % 25 === 24 ? [{ text: `${service('first')}---\n${text}` }, ranged] : [ranged];
      document = TextDocument.update(document, changes, round + 2);
      changed.changeOpenDocument(uri, changes);
      whole.setOpenDocument(uri, document.getText());
      assert.equal(changed.openText(uri), document.getText(), `round ${round}`);
      assert.deepStrictEqual(changed.model.parsedFile(uri), whole.model.parsedFile(uri), `round ${round}`);
      assert.deepStrictEqual(changed.model.clusters(), whole.model.clusters(), `round ${round}`);
    }
  });
});
