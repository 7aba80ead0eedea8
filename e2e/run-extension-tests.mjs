// VS Code's own extension-test runner, inside code-server's real Node extension host: the workbench URL
// carries extensionDevelopmentPath and extensionTestsPath (code-server runs with enable-smoke-test-driver),
// and the workbench reports the end through window.codeAutomationExit. See ../shared/docs/E2E.md.
// Usage: node e2e/run-extension-tests.mjs URL PROJECT_ROOT WORKSPACE RESULTS_JSON [SUITE]
// SUITE is a folder of out/test/e2e (default suite; corpus runs with ../shared/corpus as the workspace).
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { format } from 'node:util';
import { openWorkbench } from './browser.mjs';

const [url, projectRoot, workspace, resultsFile, suite = 'suite'] = process.argv.slice(2);
const host = new URL(url).host;
const remote = (absolute) => `vscode-remote://${host}${absolute}`;
const payload = [
  ['extensionDevelopmentPath', remote(projectRoot)],
  ['extensionTestsPath', remote(`${projectRoot}/out/test/e2e/${suite}/index`)],
];
const target = `${url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

console.log('Extension tests (mocha in the extension host)');
mkdirSync('test-output/e2e', { recursive: true });
const workbenchLog = 'test-output/e2e/workbench.log';
writeFileSync(workbenchLog, '');
// The workbench forwards every console line; mocha's own lines are blank or indented, the rest go to the log file.
const forward = (line) => {
  appendFileSync(workbenchLog, `${line}\n`);
  if (/^(\s|$)/.test(line)) console.log(line);
};
let finish;
const exited = new Promise((resolve) => (finish = resolve));
const { context, page } = await openWorkbench('about:blank');
await page.exposeFunction('codeAutomationLog', (_type, args) => {
  for (const line of format(...(Array.isArray(args) ? args : [args])).split('\n')) forward(line);
});
await page.exposeFunction('codeAutomationExit', (code) => finish(code));
await page.goto(target);
const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), 10 * 60_000));
const code = await Promise.race([exited, timeout]);
await page.screenshot({ path: 'test-output/e2e/extension-tests-end.png' }).catch(() => {});
await context.close();
if (!existsSync(resultsFile)) {
  console.log(code === 'timeout' ? 'the extension tests did not finish within 10 minutes' : `the extension tests ended with code ${code} and wrote no results`);
  writeFileSync(resultsFile, JSON.stringify({ passed: 0, failed: 1, skipped: 0 }));
}
process.exit(0);
