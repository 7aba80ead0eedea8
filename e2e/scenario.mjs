// What a person sees: the workbench in Chromium with the extension installed from its .vsix, the Problems
// panel, the status bar, the command palette and the Cluster Model webview. Screenshots go to $SCREENSHOTS.
// Usage: node e2e/scenario.mjs URL WORKSPACE RESULTS_JSON
import * as fs from 'node:fs';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import git from 'isomorphic-git';
import { join } from 'node:path';
import { commandRunner, createChecks, openWorkbench } from './browser.mjs';
import { axeViolations, contrastProblems, MINIMUM_CONTRAST } from './themeAudit.mjs';

const [url, workspace, resultsFile] = process.argv.slice(2);
const screenshots = process.env.SCREENSHOTS ?? 'test-output/e2e';
mkdirSync(screenshots, { recursive: true });

const { context, page } = await openWorkbench(`${url}/?folder=${encodeURIComponent(workspace)}`);
const { check, results } = createChecks(page, screenshots);
const LONG = { timeout: 60_000 };

const runCommand = commandRunner(page);

console.log('UI scenario (code-server + Chromium)');
await check('the workbench opens the example workspace', async () => {
  await page.locator('.monaco-workbench').waitFor(LONG);
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'shop' }).first().waitFor(LONG);
});

await check('the status bar shows the cluster model', async () => {
  await page.locator('.statusbar-item', { hasText: 'kubetrace: 32 objects · 5 namespaces' }).waitFor(LONG);
});

await check('the Problems panel lists the example problems', async () => {
  await runCommand('View: Focus Problems');
  const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'must be an integer, not a string ("6379")' });
  await row.first().waitFor(LONG);
  const text = await row.first().innerText();
  if (!text.includes('KT002')) throw new Error(`the problem row does not show its code: ${text}`);
});

await check('a hover on a Service selector with a typo explains it', async () => {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor(LONG);
  await input.fill('orders-api.yaml');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'orders-api.yaml' }).first().waitFor(LONG);
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab', { hasText: 'orders-api.yaml' }).waitFor(LONG);
  await page.keyboard.press('F1');
  await input.fill(':61');
  await page.keyboard.press('Enter');
  const word = page.locator('.monaco-editor .view-line span', { hasText: 'order-api' }).first();
  await word.waitFor(LONG);
  const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'matches no pod' });
  // A mouse hover can be missed while the editor settles; the keyboard command then shows the same hover.
  await word.hover();
  const shown = await hover.first().waitFor({ timeout: 5_000 }).then(() => true, () => false);
  if (!shown) {
    await word.click();
    await runCommand('Show or Focus Hover');
    await hover.first().waitFor(LONG);
  }
  await page.waitForTimeout(300);
});

await check('Go to Service... picks a Service and opens its YAML', async () => {
  await runCommand('Kubetrace: Go to Service...');
  const input = page.locator('.quick-input-widget input');
  await input.fill('postgres');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'postgres' }).first().waitFor(LONG);
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab', { hasText: 'postgres.yaml' }).waitFor(LONG);
});

await check('the command palette opens the Cluster Model webview, which lists the objects', async () => {
  await runCommand('Kubetrace: Show Cluster Model');
  const view = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  await view.locator('summary', { hasText: 'namespace shop-data' }).waitFor(LONG);
  await view.locator('.object-link', { hasText: 'orders-api-internal' }).waitFor(LONG);
  const title = await view.locator('.cluster-title').first().innerText();
  if (!/32 objects in 5 namespaces, 12 files/.test(title)) throw new Error(`unexpected summary: ${title}`);
});

await check('clicking an object in the webview opens its YAML', async () => {
  const view = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  await view.locator('.object-link', { hasText: 'orders-api-internal' }).click();
  await page.locator('.tabs-container .tab', { hasText: 'orders-api.yaml' }).waitFor(LONG);
});

await check('the trace view runs a trace on the example workspace and shows the verdict and hops', async () => {
  await runCommand('Kubetrace: Open Trace View');
  const view = page.frameLocator('iframe.webview.ready >> nth=-1').frameLocator('#active-frame');
  await view.locator('#from option[value="shop-api/orders-api"]').waitFor({ state: 'attached', ...LONG });
  await view.locator('#from').selectOption('shop-api/orders-api');
  await view.locator('#to').fill('postgres.shop-data:5432');
  await view.locator('#run').click();
  const verdict = view.locator('#verdict');
  await verdict.waitFor(LONG);
  const text = await verdict.innerText();
  if (!/^Delivered: delivered to pod shop-data\/postgres-\d/.test(text)) throw new Error(`unexpected verdict: ${text}`);
  const hops = await view.locator('.hop-component').allInnerTexts();
  if (hops.join(',') !== 'client,dns,network-policy,cni,network-policy,container' && hops.join(',') !== 'client,dns,network-policy,network-policy,container') {
    throw new Error(`unexpected hops: ${hops.join(',')}`);
  }
});

await check('the open trace follows an edit of the YAML', async () => {
  const file = join(workspace, 'shop', 'data', 'postgres.yaml');
  const original = readFileSync(file, 'utf8');
  const view = page.frameLocator('iframe.webview.ready >> nth=-1').frameLocator('#active-frame');
  // Renaming the Service (its first "name: postgres") leaves the name the trace asks for unanswered.
  writeFileSync(file, original.replace('name: postgres', 'name: postgres-renamed'));
  try {
    await view.locator('#verdict', { hasText: 'NXDOMAIN' }).waitFor(LONG);
  } finally {
    writeFileSync(file, original);
  }
  await view.locator('#verdict', { hasText: 'Delivered' }).waitFor(LONG);
});

await check('the trace view shows the frontend\'s DNS blocked by its egress policy', async () => {
  const view = page.frameLocator('iframe.webview.ready >> nth=-1').frameLocator('#active-frame');
  await view.locator('#from').selectOption('shop-web/frontend');
  await view.locator('#to').fill('http://orders-api.shop-api/users');
  await view.locator('#run').click();
  await view.locator('#verdict', { hasText: 'Denied by policy' }).waitFor(LONG);
});

await check('the connectivity matrix shows allowed and denied cells with their labels', async () => {
  const view = page.frameLocator('iframe.webview.ready >> nth=-1').frameLocator('#active-frame');
  await view.locator('#tab-matrix').click();
  await view.locator('table.matrix').waitFor(LONG);
  const label = await view.locator('td[aria-label^="shop-api/orders-api to shop-data/postgres"]').getAttribute('aria-label');
  if (!label?.includes('✓ allowed')) throw new Error(`unexpected cell: ${label}`);
});

await check('the matrix says when its filter matches nothing, marks the rows whose DNS is denied, and offers its exports', async () => {
  const view = page.frameLocator('iframe.webview.ready >> nth=-1').frameLocator('#active-frame');
  const frontend = await view.locator('th[scope="row"].dns-denied', { hasText: 'frontend' }).innerText();
  if (!frontend.includes('DNS denied')) throw new Error(`the frontend row is not marked: ${frontend}`);
  if (await view.locator('#matrix-save-csv').isDisabled()) throw new Error('Export CSV is disabled on a drawn matrix');
  await view.locator('#matrix-filter').fill('no-such-workload');
  await view.getByText('Nothing matches "no-such-workload"').waitFor(LONG);
  await view.locator('#matrix-filter').fill('');
  await view.locator('table.matrix').waitFor(LONG);
});

await check('clicking a matrix cell traces that connection', async () => {
  const view = page.frameLocator('iframe.webview.ready >> nth=-1').frameLocator('#active-frame');
  await view.locator('td[aria-label^="shop-web/frontend to shop-api/orders-api"]').click();
  await view.locator('#panel-trace:not([hidden])').waitFor(LONG);
  const verdict = await view.locator('#verdict').innerText();
  if (!/^Delivered: delivered to pod shop-api\/orders-api-/.test(verdict)) throw new Error(`unexpected verdict: ${verdict}`);
  const from = await view.locator('#from').inputValue();
  if (from !== 'shop-web/frontend') throw new Error(`the source is ${from}`);
});

await check('a denied trace offers "Allow this flow", which proposes the policy for preview without writing it', async () => {
  const policies = join(workspace, 'shop', 'policies', 'shop-web.yaml');
  const before = readFileSync(policies, 'utf8');
  const view = page.frameLocator('iframe.webview.ready >> nth=-1').frameLocator('#active-frame');
  await view.locator('#to').fill('http://orders-api.shop-api/users');
  await view.locator('#run').click();
  await view.locator('#verdict', { hasText: 'Denied by policy' }).waitFor(LONG);
  await view.locator('#allow-flow').click();
  // VS Code shows an edit that needs confirmation in the Refactor Preview; nothing is written until Apply.
  await page.getByText('Lets frontend reach coredns on UDP 53').first().waitFor(LONG);
  if (readFileSync(policies, 'utf8') !== before) throw new Error('the policy file changed before the user applied the edit');
  await page.getByRole('button', { name: 'Discard' }).click();
});

await check('a CodeLens above a Service opens the trace view aimed at it', async () => {
  await page.locator('.tabs-container .tab', { hasText: 'postgres.yaml' }).click();
  await page.locator('.codelens-decoration a', { hasText: 'endpoints · headless' }).first().click();
  const view = page.frameLocator('iframe.webview.ready >> nth=-1').frameLocator('#active-frame');
  await view.locator('#verdict').waitFor(LONG);
  // The panel still shows the last trace until the aimed one arrives: wait for its destination, not for any verdict.
  const deadline = Date.now() + LONG.timeout;
  let to = await view.locator('#to').inputValue();
  while (to !== 'postgres.shop-data:5432' && Date.now() < deadline) {
    await page.waitForTimeout(250);
    to = await view.locator('#to').inputValue();
  }
  if (to !== 'postgres.shop-data:5432') throw new Error(`the destination is ${to}`);
});

await check('the topology shows entry points, Services and workloads with their isolation in words', async () => {
  await runCommand('Kubetrace: Show Topology');
  const view = page.frameLocator('iframe.webview.ready >> nth=-1').frameLocator('#active-frame');
  await view.locator('#panel-topology:not([hidden]) svg').waitFor(LONG);
  const frontend = view.locator('[role="button"][aria-label*="frontend"]').first();
  await frontend.waitFor(LONG);
  const label = await view.locator('[role="button"][aria-label^="workload shop-web/frontend"], [role="button"][aria-label*="shop-web/frontend"]').first().getAttribute('aria-label');
  if (!/isolated/.test(label ?? '')) throw new Error(`the frontend's box does not say how it is isolated: ${label}`);
});

await check('the topology fits its panel, zooms in and fits again', async () => {
  const view = page.frameLocator('iframe.webview.ready >> nth=-1').frameLocator('#active-frame');
  const frame = await view.locator('svg.topo').boundingBox();
  const content = await view.locator('.topo-content').boundingBox();
  const inside = (box) => box.x >= frame.x - 1 && box.y >= frame.y - 1 && box.x + box.width <= frame.x + frame.width + 1 && box.y + box.height <= frame.y + frame.height + 1;
  if (!frame || !content || !inside(content)) throw new Error(`the fitted picture ${JSON.stringify(content)} is not inside the panel ${JSON.stringify(frame)}`);
  const fitted = await view.locator('.topo-content').getAttribute('transform');
  await view.locator('#topology-zoom-in').click();
  if ((await view.locator('.topo-content').getAttribute('transform')) === fitted) throw new Error('Zoom in did not zoom');
  await view.locator('#topology-fit').click();
  const again = await view.locator('.topo-content').getAttribute('transform');
  if (again !== fitted) throw new Error(`Fit gave ${again}, not ${fitted}`);
});

await check('clicking a box in the topology opens its YAML', async () => {
  const view = page.frameLocator('iframe.webview.ready >> nth=-1').frameLocator('#active-frame');
  await view.locator('[role="button"][aria-label*="postgres"]').first().click();
  await page.locator('.tabs-container .tab', { hasText: 'postgres.yaml' }).waitFor(LONG);
});

await check('after a window reload the panel comes back on the tab it showed', async () => {
  await runCommand('Developer: Reload Window');
  await page.locator('.monaco-workbench').waitFor(LONG);
  const view = page.frameLocator('iframe.webview.ready >> nth=-1').frameLocator('#active-frame');
  await view.locator('#tab-topology[aria-selected="true"]').waitFor(LONG);
  await view.locator('#panel-topology:not([hidden]) svg').waitFor(LONG);
});

await check('the cluster terminal answers kubectl and curl from the manifests, naming the YAML that decided', async () => {
  await runCommand('View: Close All Editors');
  await runCommand('Kubetrace: Open Cluster Terminal');
  // The DOM renderer (settings.json turns GPU acceleration off) keeps the terminal's text in the page.
  const rows = page.locator('.xterm-rows');
  await rows.filter({ hasText: 'default$' }).first().waitFor(LONG);
  await page.keyboard.type('kubectl get svc -n shop-api');
  await page.keyboard.press('Enter');
  await rows.filter({ hasText: 'orders-api-internal' }).first().waitFor(LONG);
  await page.keyboard.type('kubectl exec -n shop-web deploy/frontend -- curl -sS --max-time 2 http://orders-api.shop-api/users');
  await page.keyboard.press('Enter');
  await rows.filter({ hasText: 'curl: (28)' }).first().waitFor(LONG);
  const text = await rows.first().innerText();
  if (!/\[kubetrace\] denied: .*\.yaml:\d+\)/.test(text.replace(/\s+/g, ' '))) throw new Error(`no located note after the blocked curl: ${text}`);
  await runCommand('Terminal: Kill All Terminals');
});

await check('Compare Connectivity with HEAD marks the matrix cells a policy edit closes, and lists them', async () => {
  // The workspace as a repository (made in-process, as the extension reads it), then a policy rule taken out on disk.
  await git.init({ fs, dir: workspace, defaultBranch: 'main' });
  await git.add({ fs, dir: workspace, filepath: '.' });
  await git.commit({ fs, dir: workspace, message: 'example', author: { name: 'e2e', email: 'e2e@example.com' } });
  const policyFile = join(workspace, 'shop', 'policies', 'shop-api.yaml');
  const original = readFileSync(policyFile, 'utf8');
  writeFileSync(policyFile, original.replace('kubernetes.io/metadata.name: ingress-nginx', 'kubernetes.io/metadata.name: nowhere'));
  try {
    await runCommand('View: Close All Editors');
    await runCommand('Kubetrace: Compare Connectivity with HEAD or a Revision...');
    // The revision's input box replaces the palette: Enter once its own prompt shows, or it goes to the palette.
    await page.locator('.quick-input-widget', { hasText: 'A branch, a tag, HEAD~N or a commit' }).waitFor(LONG);
    await page.keyboard.press('Enter');
    const view = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await view.locator('#comparison', { hasText: /Compared with HEAD \([0-9a-f]{12}\): 0 connections opened, 1 closed/ }).waitFor(LONG);
    const closed = view.locator('td.cell-closed');
    await closed.first().waitFor(LONG);
    const label = await closed.first().getAttribute('aria-label');
    if (!/ingress-nginx-controller to shop-api\/orders-api: .*closed against HEAD/.test(label ?? '')) throw new Error(`unexpected changed cell: ${label}`);
    const entry = view.locator('ul.changes li', { hasText: '▼ closed: ingress-nginx/ingress-nginx-controller → shop-api/orders-api TCP/8080: allowed → denied' });
    await entry.waitFor(LONG);
    // The line that admitted the controller before: HEAD's file as committed, opened read-only.
    await entry.locator('button.link', { hasText: /^before: HEAD:shop\/policies\/shop-api\.yaml:\d+$/ }).click();
    await page.locator('.tabs-container .tab', { hasText: 'shop-api.yaml' }).first().waitFor(LONG);
    await page.locator('.monaco-editor .view-line', { hasText: 'kubernetes.io/metadata.name: ingress-nginx' }).first().waitFor(LONG);
  } finally {
    writeFileSync(policyFile, original);
  }
});

await check('names, labels and annotations holding HTML or script are shown as text and run nothing', async () => {
  const payload = 'document.body.dataset.pwned=1';
  writeFileSync(
    join(workspace, 'shop', 'markup.yaml'),
    ['apiVersion: v1', 'kind: Pod', 'metadata:', `  name: "web<img src=x onerror=${payload}>"`, '  namespace: shop-web', `  labels: {app: "<script>${payload}</script>"}`, '  annotations: {note: "<b id=injected>bold</b>"}', 'spec: {containers: [{name: c, image: x}]}', ''].join('\n'),
  );
  await runCommand('View: Close All Editors');
  await runCommand('Kubetrace: Show Cluster Model');
  const view = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  await view.locator('.object-link', { hasText: `web<img src=x onerror=${payload}>` }).first().waitFor(LONG);
  // The page's own scripts (the view's and the one VS Code adds) stay; none may come from the manifest.
  const injected = { img: view.locator('img'), '[onerror]': view.locator('[onerror]'), 'b#injected': view.locator('b#injected'), 'body[data-pwned]': view.locator('body[data-pwned]'), 'a script holding the payload': view.locator('script', { hasText: 'pwned' }) };
  for (const [what, locator] of Object.entries(injected)) {
    const count = await locator.count();
    if (count > 0) throw new Error(`the manifest's markup became ${count} element(s): ${what}`);
  }
});

// Every view in each of VS Code's three kinds of theme: text at least MINIMUM_CONTRAST against its background (the
// selected tab hovered too, dark on dark blue in the light theme once) and no serious or critical axe-core violation.
// Each theme is picked as a user picks it, by its label in "Preferences: Color Theme" (VS Code 1.139's labels); the
// workbench then carries the theme file's class. Dark Modern last, so the corpus scenario that follows sees a usual theme.
const THEMES = [
  { theme: 'Light Modern', file: 'light_modern' },
  { theme: 'Dark High Contrast', file: 'hc_black' },
  { theme: 'Dark Modern', file: 'dark_modern' },
];
const pickTheme = async (theme, file) => {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.fill('>Preferences: Color Theme');
  // The exact command: the first row is "Preferences: Browse Color Themes in Marketplace".
  await page.locator('.quick-input-list .monaco-list-row', { has: page.getByText('Preferences: Color Theme', { exact: true }) }).first().click();
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Light Modern' }).first().waitFor(LONG);
  await input.fill(theme);
  await page.locator('.quick-input-list .monaco-list-row').first().filter({ hasText: theme }).waitFor(LONG);
  await page.keyboard.press('Enter');
  await page.locator(`.monaco-workbench.vscode-theme-defaults-themes-${file}-json`).waitFor({ state: 'attached', ...LONG });
};
for (const { theme, file } of THEMES) {
  const audit = async (view, what) => {
    const contrast = await contrastProblems(view);
    const axe = await axeViolations(view);
    console.log(`    ${theme}, ${what}: ${contrast.length} text(s) below ${MINIMUM_CONTRAST}:1, ${axe.length} serious or critical axe violation(s)`);
    const problems = [...contrast.map((line) => `contrast ${line}`), ...axe.map((line) => `axe ${line}`)];
    if (problems.length > 0) throw new Error(`${what} in ${theme}:\n${problems.join('\n')}`);
  };
  const trace = () => page.frameLocator('iframe.webview.ready >> nth=-1').frameLocator('#active-frame');

  await check(`${theme}: the Cluster Model view is readable and passes the accessibility audit`, async () => {
    await runCommand('View: Close All Editors');
    await pickTheme(theme, file);
    await runCommand('Kubetrace: Show Cluster Model');
    const view = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await view.locator('.object-link', { hasText: 'orders-api-internal' }).waitFor(LONG);
    await audit(view, 'the Cluster Model view');
  });

  await check(`${theme}: the trace tab, with a denied trace and the selected tab hovered, is readable and passes the audit`, async () => {
    await runCommand('View: Close All Editors');
    await runCommand('Kubetrace: Open Trace View');
    const view = trace();
    await view.locator('#from option[value="shop-web/frontend"]').waitFor({ state: 'attached', ...LONG });
    await view.locator('#tab-trace').click();
    await view.locator('#from').selectOption('shop-web/frontend');
    await view.locator('#to').fill('http://orders-api.shop-api/users');
    await view.locator('#run').click();
    await view.locator('#verdict', { hasText: 'Denied by policy' }).waitFor(LONG);
    await audit(view, 'the trace tab');
    await view.locator('#tab-trace[aria-selected="true"]').hover();
    await audit(view, 'the trace tab with its selected tab hovered');
  });

  await check(`${theme}: the matrix tab is readable and passes the audit`, async () => {
    const view = trace();
    await view.locator('#tab-matrix').click();
    await view.locator('table.matrix').waitFor(LONG);
    await audit(view, 'the matrix tab');
    await view.locator('#tab-matrix').hover();
    await audit(view, 'the matrix tab with its selected tab hovered');
  });

  await check(`${theme}: the topology tab is readable and passes the audit`, async () => {
    const view = trace();
    await view.locator('#tab-topology').click();
    await view.locator('#panel-topology:not([hidden]) svg').waitFor(LONG);
    await view.locator('#tab-trace').hover();
    await audit(view, 'the topology tab with an unselected tab hovered');
  });
}

await context.close();
writeFileSync(resultsFile, JSON.stringify({ ...results, skipped: 0 }));
console.log(`UI scenario: ${results.passed} passed, ${results.failed} failed`);
