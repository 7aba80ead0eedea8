import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Problem } from '../../../server/src/engine/problem';
import { DEFAULT_PROFILE } from '../../../server/src/engine/profile';
import { ProfileProblems } from '../../../server/src/workspace/profileProblems';
import type { WorkspaceProfile } from '../../../server/src/workspace/workspaceProfile';

const START = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
const problem = (uri: string, message: string): Problem => ({ code: 'KT007', severity: 'warning', message, uri, range: START });
const profile = (...problems: Problem[]): WorkspaceProfile => ({ profile: DEFAULT_PROFILE, problems });

describe('profile problems as the server reports them', () => {
  test("a kubetrace.yaml's problems are published, the setting's logged once per reading of the profiles", () => {
    const logged: string[] = [];
    const problems = new ProfileProblems((message) => logged.push(message));
    const inFile = problem('file:///w/kubetrace.yaml', 'Cluster profile: clusterDomain must be a string; the default is used.');
    const inSetting = problem('kubetrace-settings:', 'Cluster profile: kubetrace.profile.podCidr is not a CIDR; the default is used.');
    const read = [profile(inFile, inSetting), profile()];
    const first = problems.inFilesOf(read);
    assert.deepEqual(first, [inFile]);
    assert.equal(problems.inFilesOf([...read]), first, 'the same profiles: the same list, so the publisher need not look again');
    assert.deepEqual(logged, [inSetting.message], 'logged once');
    const reread = [profile(inSetting)];
    assert.deepEqual(problems.inFilesOf(reread), []);
    assert.deepEqual(logged, [inSetting.message, inSetting.message], 'a new reading logs again');
  });
});
