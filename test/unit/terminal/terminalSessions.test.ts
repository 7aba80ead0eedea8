import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildSnapshot } from '../../../server/src/engine';
import { DEFAULT_PROFILE } from '../../../server/src/engine/profile';
import { parseManifest } from '../../../server/src/model/parseManifest';
import { TerminalSessions } from '../../../server/src/terminal/terminalSessions';

const clusterOf = (text: string) => {
  const objects = parseManifest('file:///w/app.yaml', text).objects;
  return { objects, profile: DEFAULT_PROFILE, snapshot: buildSnapshot(objects, DEFAULT_PROFILE) };
};
const files = { readText: () => undefined, readFile: () => ({ error: 'no files here' }) };

describe("the editor's cluster terminals", () => {
  test("each answers from the model as it is when a command runs, its own changes kept over it", () => {
    const sessions = new TerminalSessions();
    const first = clusterOf('apiVersion: v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  ports: [{port: 80}]\n');
    const { id, prompt } = sessions.open('default', first, files);
    assert.equal(prompt, 'default$ ');
    assert.equal(sessions.run(id, 'kubectl create namespace team', first)!.stdout, 'namespace/team created\n');
    const edited = clusterOf('apiVersion: v1\nkind: Service\nmetadata:\n  name: b\nspec:\n  ports: [{port: 80}]\n');
    assert.match(sessions.run(id, 'kubectl get svc', edited)!.stdout, /^b\s/m, 'the edited model answers');
    assert.match(sessions.run(id, 'kubectl get ns team', edited)!.stdout, /^team\s+Active/m, 'the terminal\'s change stays');
    const other = sessions.open('default', first, files);
    assert.equal(sessions.run(other.id, 'kubectl get ns team', first)!.status, 1, 'another terminal has its own layer');
    sessions.close(id);
    assert.equal(sessions.run(id, 'kubectl get svc', first), undefined);
    assert.equal(sessions.clusterOf(id), undefined);
  });
});
