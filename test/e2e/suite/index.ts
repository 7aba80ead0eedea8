/**
 * The extension-test entry point, as @vscode/test-electron and VS Code's own runner load it: `run()` inside
 * the extension host, mocha inside. When KUBETRACE_E2E_RESULTS names a file, the counts are written there
 * so a runner outside the workbench can add them to the suite's total.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  return runSuite(__dirname);
}

/** Runs the `*.test.js` files of one folder; each suite folder is run against its own workspace (run-e2e.sh). */
export function runSuite(folder: string): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  for (const file of fs.readdirSync(folder).sort()) {
    if (file.endsWith('.test.js')) mocha.addFile(path.join(folder, file));
  }
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const resultsFile = process.env['KUBETRACE_E2E_RESULTS'];
      if (resultsFile) {
        const { passes, failures: failed, pending } = runner.stats ?? { passes: 0, failures: failures, pending: 0 };
        fs.writeFileSync(resultsFile, JSON.stringify({ passed: passes, failed, skipped: pending }));
      }
      if (failures > 0) reject(new Error(`${failures} extension tests failed`));
      else resolve();
    });
  });
}
