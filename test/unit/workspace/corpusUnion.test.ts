import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { analyzeWorkspace } from '../../../server/src/analysis/workspaceAnalysis';
import { DEFAULT_SETTINGS } from '../../../server/src/workspace/settings';
import { WorkspaceSession } from '../../../server/src/workspace/workspaceSession';
import { findingsOf, SHARED } from '../../support/realworldFindings';

const CORPUS = path.join(SHARED, 'corpus');
const applications = fs.readdirSync(CORPUS, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();

/** A finding as `file:line:col severity code message`, the file relative to the corpus. */
const line = (file: string, finding: { at: string; severity: string; code: string; message: string }) => `${file}/${finding.at} ${finding.severity} ${finding.code} ${finding.message}`;

describe('../shared/corpus, eight demo applications in one folder', () => {
  test('check on the corpus reports exactly the union of check on each application folder', async () => {
    const whole = (await findingsOf('corpus')).map((finding) => `${finding.at} ${finding.severity} ${finding.code} ${finding.message}`).sort();
    const each: string[] = [];
    for (const application of applications) for (const finding of await findingsOf(`corpus/${application}`)) each.push(line(application, finding));
    assert.ok(applications.length >= 8 && whole.length > 0);
    assert.deepEqual(whole, each.sort());
  });

  test('opened as a workspace in the editor, it is one cluster per application and gives the same findings', async () => {
    const session = new WorkspaceSession([CORPUS], DEFAULT_SETTINGS);
    await session.load();
    assert.deepEqual(session.model.clusters().map((cluster) => cluster.name).sort(), applications);
    const editor = [...analyzeWorkspace(session.model, (cluster) => session.profileOf(cluster)).values()].flat().length;
    assert.equal(editor, (await findingsOf('corpus')).length);
  });
});
