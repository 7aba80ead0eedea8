import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { PROJECT_ROOT } from './fixtures';

/** The built CLI. */
export const CLI = path.join(PROJECT_ROOT, 'dist', 'cli.js');

export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built CLI as a user would; no run of it may end in a stack trace or an internal error, whatever its arguments. */
export function kubetrace(args: readonly string[], options: { readonly cwd?: string; readonly input?: string } = {}): Run {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: options.cwd ?? PROJECT_ROOT, encoding: 'utf8', timeout: 60_000, ...(options.input !== undefined && { input: options.input }) });
  assert.equal(result.error, undefined, `kubetrace ${args.join(' ')} did not run`);
  assert.doesNotMatch(result.stderr, /^\s+at /m, `kubetrace ${args.join(' ')} printed a stack trace`);
  assert.doesNotMatch(result.stderr, /internal error/, `kubetrace ${args.join(' ')} hit an internal error`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
