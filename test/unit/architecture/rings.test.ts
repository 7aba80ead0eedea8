import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { PROJECT_ROOT } from '../../support/fixtures';

interface LintMessage {
  ruleId: string | null;
  message: string;
}

/** Lints `code` as if it were the file at `relativePath`, with the project's own ESLint configuration. */
async function importErrors(relativePath: string, code: string): Promise<string[]> {
  // eslint ships no types for this entry point in our setup; the shape used here is stable.
  const { ESLint } = (await import(path.join(PROJECT_ROOT, 'node_modules', 'eslint', 'lib', 'api.js'))) as {
    ESLint: new (options: { cwd: string }) => { lintText(code: string, options: { filePath: string }): Promise<{ messages: LintMessage[] }[]> };
  };
  const [result] = await new ESLint({ cwd: PROJECT_ROOT }).lintText(code, { filePath: path.join(PROJECT_ROOT, relativePath) });
  return (result?.messages ?? []).filter((message) => message.ruleId === 'no-restricted-imports').map((message) => message.message);
}

describe('the import rules keep the rings of docs/ARCHITECTURE.md', () => {
  const cases: [string, string, boolean][] = [
    ['server/src/engine/example.ts', "import { parse } from 'yaml';", false],
    ['server/src/engine/example.ts', "import * as fs from 'node:fs';", false],
    ['server/src/engine/example.ts', "import * as vscode from 'vscode';", false],
    ['server/src/engine/example.ts', "import { parseManifest } from '../../model/parseManifest';", false],
    ['server/src/engine/example.ts', "import * as ipaddr from 'ipaddr.js';", false],
    ['server/src/engine/cidr.ts', "import * as ipaddr from 'ipaddr.js';", true],
    ['server/src/engine/example.ts', "import type { Problem } from './problem';", true],
    ['server/src/model/example.ts', "import { parse } from 'yaml';", true],
    ['server/src/model/example.ts', "import * as fs from 'node:fs';", false],
    ['server/src/model/example.ts', "import { WorkspaceIndex } from '../../workspace/workspaceIndex';", false],
    ['server/src/workspace/example.ts', "import { parse } from 'yaml';", false],
    ['server/src/features/example.ts', "import * as vscode from 'vscode';", false],
    ['client/src/example.ts', "import { MODEL_SUMMARY_REQUEST } from '../../../server/src/protocol';", true],
    ['client/src/example.ts', "import { parseManifest } from '../../../server/src/model/parseManifest';", false],
    ['client/src/panel/example.ts', "import { readWebviewMessage } from '../../../../media/src/protocol';", true],
    ['client/src/panel/example.ts', "import { EngineSession } from '../../../../media/src/trace/viewModel';", false],
    ['media/src/example.ts', "import * as vscode from 'vscode';", false],
    ['media/src/example.ts', "import type { Problem } from '../../../server/src/engine';", true],
    // The engine's front door: outside the engine (the model aside), only engine/index.ts is imported.
    ['media/src/example.ts', "import type { Problem } from '../../../server/src/engine/problem';", false],
    ['media/src/trace/example.ts', "import { buildTopology } from '../../../../server/src/engine/topology';", false],
    ['server/src/features/example.ts', "import { traceRequest } from '../../engine';", true],
    ['server/src/features/example.ts', "import { traceRequest } from '../../engine/trace/trace';", false],
    ['server/src/features/example.ts', "import type { Service } from '../../engine/objects';", false],
    ['server/src/analysis/example.ts', "import { buildSnapshot } from '../../engine/snapshot/buildSnapshot';", false],
    ['server/src/cli/example.ts', "import { connectivityMatrix } from '../../engine/index';", true],
    ['server/src/server.ts', "import { DEFAULT_PROFILE } from './engine/profile';", false],
    ['server/src/model/example.ts', "import type { Service } from '../../engine/objects';", true],
    ['server/src/engine/trace/example.ts', "import { routeHttp } from '../../routing/routeHttp';", true],
    ['server/src/terminal/example.ts', "import { traceRequest } from '../engine';", true],
    ['server/src/terminal/example.ts', "import { traceRequest } from '../engine/trace/trace';", false],
    ['server/src/terminal/example.ts', "import * as fs from 'node:fs';", false],
    ['server/src/terminal/example.ts', "import { WorkspaceSession } from '../workspace/workspaceSession';", false],
    ['server/src/terminal/example.ts', "import { displayPath } from '../cli/paths';", false],
  ];
  for (const [file, code, allowed] of cases) {
    test(`${file}: ${code} is ${allowed ? 'allowed' : 'rejected'}`, async () => {
      const errors = await importErrors(file, `${code}\nexport const used = 1;\n`);
      assert.equal(errors.length === 0, allowed, errors.join('; '));
    });
  }
});
