// Debian's Chromium driven by playwright-core, with the flags this offline machine needs.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export async function openWorkbench(url) {
  const profile = mkdtempSync(join(tmpdir(), 'kubetrace-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1440, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(url);
  return { context, page };
}

/** Runs named checks in order, each with a screenshot, and counts them; a failed check leaves fail-<name>.png. */
export function createChecks(page, screenshots) {
  const results = { passed: 0, failed: 0 };
  let step = 0;
  const check = async (name, body) => {
    step += 1;
    const file = `${String(step).padStart(2, '0')}-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`;
    try {
      await body();
      await page.waitForTimeout(400);
      await page.screenshot({ path: join(screenshots, `${file}.png`) });
      results.passed += 1;
      console.log(`  ✔ ${name}`);
    } catch (error) {
      results.failed += 1;
      console.log(`  ✖ ${name}\n    ${String(error?.message ?? error).split('\n').join('\n    ')}`);
      await page.screenshot({ path: join(screenshots, `fail-${file}.png`) }).catch(() => {});
    }
  };
  return { check, results };
}

/** Runs a command of the workbench by its title from the command palette (F1). */
export function commandRunner(page, timeout = 60_000) {
  return async (title) => {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ timeout });
    await input.fill(`>${title}`);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout });
    await page.keyboard.press('Enter');
  };
}
