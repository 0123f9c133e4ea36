/**
 * Refreshes the README screenshots (npm run screenshots): starts a bridge on the simulator with the shipped
 * venue profiles, opens the tablet UI in headless chromium at 1180x820 (an iPad Air in landscape) unlocked
 * as the engineer, lets the meters run, and saves into docs/screenshots/: the overview (and the overview in
 * portrait, 820x1180), Ch 1's level ladder, the suggestions view, a soundcheck with its results, the
 * venues view recalling a profile (diff and drift), and the Stage box view of two fake X32s sharing a box
 * with a FOH gain tracked on the monitor trim.
 */
import { copyFile, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { buildUi, isUiBuildStale } from '../server/ui-build';
import { launchBrowser } from '../test/e2e/browser';
import { linearFloat } from '../test/fakes/fake-x-desk';
import { fakeX32GainDb } from '../test/fakes/fake-x32';
import { repoRoot, startTestBridge, TEST_PIN } from '../test/support/test-bridge';
import { startTestDeskSet } from '../test/support/test-desk-set';

/** How long the meters run before a picture, so peak holds, averages and suggestions have settled, ms. */
const SETTLE_MS = 3000;
/** Longest wait for anything on the page, ms (a soundcheck needs the band to play for its window). */
const WAIT_MS = 30_000;
/** The tablet most engineers carry: an iPad Air in landscape, and the same turned upright. */
const LANDSCAPE = { width: 1180, height: 820 } as const;
const PORTRAIT = { width: 820, height: 1180 } as const;

async function main(): Promise<void> {
  const outDir = join(repoRoot, 'docs', 'screenshots');
  const configFile = join(repoRoot, 'vite.config.ts');
  if (await isUiBuildStale(join(repoRoot, 'dist', 'ui'), [join(repoRoot, 'ui'), configFile])) await buildUi(configFile);
  await mkdir(outDir, { recursive: true });
  // The bridge may write profiles (it does not here, but a copy keeps the shipped ones out of reach).
  const profilesDir = await mkdtemp(join(tmpdir(), 'headroom-screenshots-'));
  for (const file of await readdir(join(repoRoot, 'profiles'))) await copyFile(join(repoRoot, 'profiles', file), join(profilesDir, file));

  const bridge = await startTestBridge({ seed: 1, profilesDir, profileId: 'simulator-band' });
  const browser = await launchBrowser(LANDSCAPE);
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(WAIT_MS);
    await page.goto(bridge.url);
    await page.locator('[data-testid="connection-state"][data-state="ready"]').waitFor();
    await page.locator('[data-testid="role"][data-role="viewer"]').click();
    await page.getByTestId('pin-input').fill(TEST_PIN);
    await page.getByTestId('pin-submit').click();
    await page.locator('[data-testid="role"][data-role="engineer"]').waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid^="suggestion-"]').length >= 3, null, { timeout: WAIT_MS });
    await settle(page);
    await page.screenshot({ path: join(outDir, 'overview.png') });
    await page.setViewportSize(PORTRAIT);
    await settle(page);
    await page.screenshot({ path: join(outDir, 'overview-portrait.png') });
    await page.setViewportSize(LANDSCAPE);

    await page.goto(`${bridge.url}/#/channel/1`);
    await page.getByTestId('ladder').waitFor();
    await settle(page);
    await page.screenshot({ path: join(outDir, 'ladder.png') });

    await page.goto(`${bridge.url}/#/suggestions`);
    await page.getByTestId('suggestions-view').waitFor();
    await settle(page);
    await page.screenshot({ path: join(outDir, 'suggestions.png') });

    await page.goto(`${bridge.url}/#/soundcheck`);
    await page.getByTestId('soundcheck-view').waitFor();
    for (const channel of [1, 2, 8]) await page.getByTestId(`sc-pick-${channel}`).click();
    await page.getByTestId('sc-window-4').click();
    await page.getByTestId('sc-listen').click();
    await page.locator('[data-testid="sc-state"][data-end-reason="finished"]').waitFor();
    await settle(page);
    await page.screenshot({ path: join(outDir, 'soundcheck.png') });

    // Apply the kick's result, so the venue's stored gains differ from the desk's in the recall preview.
    await page.getByTestId('sc-apply-1').click();
    await page.getByTestId('confirm-write').click();
    await page.getByTestId('sc-applied-1').waitFor();
    await page.goto(`${bridge.url}/#/venues`);
    await page.getByTestId('venue-preview-simulator-band').click();
    await page.getByTestId('recall-preview').waitFor();
    await page.getByTestId('drift-notes').waitFor();
    await settle(page);
    await page.screenshot({ path: join(outDir, 'venues.png') });

    await stageBoxPicture(page, join(outDir, 'stage-box.png'));

    if (browser.pageErrors.length > 0) throw new Error(`the page reported errors: ${browser.pageErrors.join('; ')}`);
    process.stdout.write(`Saved overview.png, overview-portrait.png, ladder.png, suggestions.png, soundcheck.png, venues.png and stage-box.png in ${outDir}\n`);
  } finally {
    await browser.close();
    await bridge.close();
    await rm(profilesDir, { recursive: true, force: true });
  }
}

/** Two fake X32s on one box: tracking on for the monitor desk, a gain turned at FOH, the view after it. */
async function stageBoxPicture(page: Page, path: string): Promise<void> {
  const desks = await startTestDeskSet();
  try {
    await desks.ready();
    await page.goto(`${desks.bridges.foh.url}/#/stage-box`);
    await page.locator('[data-testid="connection-state"][data-state="ready"]').waitFor();
    await page.locator('[data-testid="role"][data-role="viewer"]').click();
    await page.getByTestId('pin-input').fill(TEST_PIN);
    await page.getByTestId('pin-submit').click();
    await page.locator('[data-testid="role"][data-role="engineer"]').waitFor();
    await page.getByTestId('tracking-mon').locator('input').check();
    await page.locator('[data-testid="tracking-state-mon"]', { hasText: 'on' }).waitFor();
    // Box input 3 (FOH headamp 034, X32 gain -12..+60 dB on a 145-step grid) turned up 3 dB at the desk.
    desks.fakes.foh.setFromDesk('/headamp/034/gain', linearFloat(fakeX32GainDb(19) + 3, -12, 60, 145));
    await page.locator('[data-testid="tracked-changes"] li').first().waitFor();
    await page.locator('[data-testid="cell-3-mon"]', { hasText: 'trim -3.0 dB' }).waitFor();
    await settle(page);
    await page.screenshot({ path });
  } finally {
    await desks.close();
  }
}

/** Lets the meters run, then hides the passing notices so they do not cover the picture. */
async function settle(page: Page): Promise<void> {
  await page.waitForTimeout(SETTLE_MS);
  // One at a time: hiding one notice can take others with it (the two-desk view's warnings do).
  const close = page.getByRole('button', { name: 'Hide this message' }).first();
  for (let shown = 0; shown < 50 && (await close.isVisible()); shown += 1) await close.click();
}

main().catch((error: unknown) => {
  process.stderr.write(`screenshots: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
