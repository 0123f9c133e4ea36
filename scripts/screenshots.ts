/**
 * Refreshes the README screenshots (npm run screenshots): starts a bridge on the simulator, opens the
 * tablet UI in headless chromium at 1280x800, lets the meters run, and saves the overview, Ch 1's level
 * ladder and the suggestions view into docs/screenshots/.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { buildUi, isUiBuildStale } from '../server/ui-build';
import { launchBrowser, TABLET_VIEWPORT } from '../test/e2e/browser';
import { repoRoot, startTestBridge } from '../test/support/test-bridge';

/** How long the meters run before a picture, so peak holds, averages and suggestions have settled, ms. */
const SETTLE_MS = 3000;

async function main(): Promise<void> {
  const outDir = join(repoRoot, 'docs', 'screenshots');
  const configFile = join(repoRoot, 'vite.config.ts');
  if (await isUiBuildStale(join(repoRoot, 'dist', 'ui'), [join(repoRoot, 'ui'), configFile])) await buildUi(configFile);
  await mkdir(outDir, { recursive: true });

  const bridge = await startTestBridge({ seed: 1 });
  const browser = await launchBrowser(TABLET_VIEWPORT);
  try {
    const page = await browser.newPage();
    await page.goto(bridge.url);
    await page.locator('[data-testid="connection-state"][data-state="ready"]').waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid^="suggestion-"]').length >= 3, null, { timeout: 30_000 });
    await settle(page);
    await page.screenshot({ path: join(outDir, 'overview.png') });

    await page.goto(`${bridge.url}/#/channel/1`);
    await page.getByTestId('ladder').waitFor();
    await settle(page);
    await page.screenshot({ path: join(outDir, 'ladder.png') });

    await page.goto(`${bridge.url}/#/suggestions`);
    await page.getByTestId('suggestions-view').waitFor();
    await settle(page);
    await page.screenshot({ path: join(outDir, 'suggestions.png') });
    if (browser.pageErrors.length > 0) throw new Error(`the page reported errors: ${browser.pageErrors.join('; ')}`);
    process.stdout.write(`Saved overview.png, ladder.png and suggestions.png in ${outDir}\n`);
  } finally {
    await browser.close();
    await bridge.close();
  }
}

async function settle(page: Page): Promise<void> {
  await page.waitForTimeout(SETTLE_MS);
}

main().catch((error: unknown) => {
  process.stderr.write(`screenshots: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
