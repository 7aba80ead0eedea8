/**
 * The Kustomize conformance cases of ../shared/conformance/kustomize (converted from kustomize's own tests), run as
 * their README says: the rendered objects must equal the expected ones as a multiset (order ignored, values
 * compared as data); a case kustomize rejects must fail. A case the renderer cannot express yet is listed in
 * UNSUPPORTED with why, and reported as skipped, never as passed.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { diskFileSystem } from '../../../server/src/cli/renderCommand';
import { renderKustomization } from '../../../server/src/model/kustomize/build';
import { renderedYaml } from '../../../server/src/model/kustomize/renderedYaml';
import { SHARED } from '../../support/fixtures';
import { objectsOf } from '../../support/kustomizeObjects';

const CASES = path.join(SHARED, 'conformance', 'kustomize');

/** Cases the renderer does not express, with why. */
const UNSUPPORTED: Record<string, string> = {};

interface CaseMeta {
  readonly root: string;
  readonly expectError: boolean;
}

const names = fs.existsSync(CASES) ? fs.readdirSync(CASES).filter((name) => fs.existsSync(path.join(CASES, name, 'meta.json'))).sort() : [];

describe('kustomize conformance (../shared/conformance/kustomize)', () => {
  test('the cases are there', () => assert.ok(names.length >= 60, `found ${names.length} cases`));
  for (const name of names) {
    const reason = UNSUPPORTED[name];
    test(name, reason ? { skip: `unsupported: ${reason}` } : {}, () => {
      const meta = JSON.parse(fs.readFileSync(path.join(CASES, name, 'meta.json'), 'utf8')) as CaseMeta;
      const root = path.join(CASES, name, 'in', meta.root).split(path.sep).join('/');
      const result = renderKustomization(path.resolve(root), diskFileSystem);
      if (meta.expectError) {
        assert.ok(result.error, 'kustomize fails on this input; the render must fail too');
        return;
      }
      assert.equal(result.error?.message, undefined);
      const expected = objectsOf(fs.readFileSync(path.join(CASES, name, 'expected.yaml'), 'utf8'));
      const actual = objectsOf(renderedYaml(result.resources));
      assert.deepEqual(actual, expected);
    });
  }
});
