import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { SimulatorConsole } from '../../server/consoles/simulator/simulator-console';
import { readParam } from '../../server/model/params';
import { repoRoot, startTestBridge, TEST_PIN, type TestBridge } from '../support/test-bridge';
import { launchBrowser, WAIT_MS, type TestBrowser } from './browser';
import { confirmWrite, targetSizes, unlockTablet, waitForLink, waitForValue } from './page-helpers';

const KICK_GAIN = 'ch.1.preampGainDb';
/** The date of the shipped simulator profile's earlier visit, which drift compares against. */
const EARLIER_VISIT = '2026-10-02';

describe('venue profiles (issue 7)', () => {
  let dir: string;
  let bridge: TestBridge<SimulatorConsole>;
  let browser: TestBrowser;
  let page: Page;
  /** Ch 1's gain after today's soundcheck, as saved in the profile. */
  let savedGain: number;
  let simulatorGain: number;

  const deskGain = () => readParam(bridge.console.snapshot(), KICK_GAIN)!;
  const startBridge = async () => {
    bridge = await startTestBridge({ seed: 1, profilesDir: dir, profileId: 'simulator-band' });
    expect(await waitForValue(() => bridge.console.state(), 'ready')).toBe('ready');
    await page.goto(`${bridge.url}/#/venues`);
    await waitForLink(page, 'ready');
    await unlockTablet(page, TEST_PIN);
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'headroom-e2e-venues-'));
    for (const file of await readdir(join(repoRoot, 'profiles'))) await copyFile(join(repoRoot, 'profiles', file), join(dir, file));
    const club = JSON.parse(await readFile(join(dir, 'club-xr18.json'), 'utf8'));
    await writeFile(join(dir, 'broken.json'), JSON.stringify({ ...club, targets: { ...club.targets, averageDbfs: 5 } }));
    browser = await launchBrowser();
    page = await browser.newPage();
    await startBridge();
    simulatorGain = deskGain();
  });

  afterAll(async () => {
    await browser?.close();
    await bridge?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('lists the profiles and the one in force; a file that does not load names its field', async () => {
    await page.locator('[data-testid="venue-active"][data-active-id="simulator-band"]').waitFor();
    await page.getByTestId('venue-club-xr18').waitFor();
    const problem = page.getByTestId('venue-invalid-item');
    expect(await problem.textContent()).toContain('broken.json');
    expect(await problem.textContent()).toContain('field targets.averageDbfs');
  });

  test('Activate makes another profile the one in force and shows its recall, writing nothing', async () => {
    await page.getByTestId('venue-activate-club-xr18').click();
    await page.locator('[data-testid="venue-active"][data-active-id="club-xr18"]').waitFor();
    await page.locator('[data-testid="recall-preview"][data-profile="club-xr18"]').waitFor();
    expect(bridge.journal.entries()).toEqual([]);
    await page.getByTestId('venue-activate-simulator-band').click();
    await page.locator('[data-testid="venue-active"][data-active-id="simulator-band"]').waitFor();
    await page.getByTestId('recall-close').click();
  });

  test('save after soundcheck, restart the bridge, recall preamps only from the diff, and see drift since the earlier visit', async () => {
    await page.getByTestId('nav-soundcheck').click();
    await page.getByTestId('sc-pick-1').click();
    await page.getByTestId('sc-window-2').click();
    await page.getByTestId('sc-listen').click();
    await page.getByTestId('sc-apply-1').click();
    await confirmWrite(page);
    await page.getByTestId('sc-applied-1').waitFor();
    savedGain = deskGain();
    expect(savedGain).toBeLessThan(simulatorGain);

    await page.getByTestId('nav-venues').click();
    await page.getByTestId('venue-save-id').fill('tonight');
    await page.getByTestId('venue-save-name').fill('Tonight at the Simulator');
    await page.getByTestId('venue-save').click();
    await page.getByTestId('venue-tonight').waitFor();
    const saved = JSON.parse(await readFile(join(dir, 'tonight.json'), 'utf8'));
    expect(saved.channels.find((c: { index: number }) => c.index === 1).expectedGainDb).toBe(savedGain);

    await bridge.close();
    await startBridge();
    expect(deskGain()).toBe(simulatorGain);

    await page.getByTestId('venue-preview-tonight').click();
    const row = page.getByTestId('recall-row-1.preampGainDb');
    await row.waitFor();
    expect(await page.getByTestId('recall-current-1.preampGainDb').textContent()).toBe(simulatorGain.toFixed(1));
    expect(await page.getByTestId('recall-stored-1.preampGainDb').textContent()).toBe(savedGain.toFixed(1));
    expect(await page.getByTestId('recall-delta-1.preampGainDb').textContent()).toBe(`−${(simulatorGain - savedGain).toFixed(1)}`);
    expect(await page.getByTestId('recall-sel-preamps').getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByTestId('recall-summary').textContent()).toMatch(/^1 stored value would change, with \d+ compensating moves?\.$/);
    // The preview names the kick's fader move and predicts the kick where it was in the PA and every mix.
    expect(await page.getByTestId('recall-comp-ch.1.faderDb').textContent()).toMatch(/^Ch 1 Kick fader /);
    expect(await page.getByTestId('recall-effect-1').textContent()).toMatch(/^Ch 1 Kick:\s*PA ±0\.0 dB( · [^·]+ ±0\.0 dB)*$/);

    for (const size of await targetSizes(page, ['recall-apply', 'recall-sel-preamps', 'venue-export-tonight', 'venue-activate-club-xr18', 'venue-save', 'venue-import-file'])) {
      expect(size).toBeGreaterThanOrEqual(44);
    }
    await page.getByTestId('recall-apply').click();
    await page.locator('[data-testid="recall-result"]').waitFor();
    expect(deskGain()).toBe(savedGain);
    await page.locator('[data-testid="recall-summary"]', { hasText: 'nothing to write' }).waitFor();
    const recalled = bridge.journal.entries();
    expect(recalled[0]).toMatchObject({ param: KICK_GAIN, origin: 'recall:tonight' });
    expect(recalled.map((e) => e.param)).toContain('ch.1.faderDb');
    expect(new Set(recalled.map((e) => e.origin))).toEqual(new Set(['recall:tonight']));

    // Drift needs a little playing on this bridge; ask again until the notes are in.
    const notes = page.getByTestId('drift-notes');
    await expect
      .poll(
        async () => {
          if (await notes.isVisible()) return notes.textContent();
          await page.getByTestId('venue-preview-tonight').click();
          return '';
        },
        { timeout: WAIT_MS, interval: 1000 },
      )
      .toMatch(new RegExp(`runs \\d+\\.\\d dB (hotter|quieter) than on ${EARLIER_VISIT}`));
  });

  test('chosen channels narrow the diff to those channels', async () => {
    await page.getByTestId('recall-sel-channels').click();
    await page.getByTestId('recall-ch-2').click();
    await page.getByTestId('recall-ch-1').click();
    await page.getByTestId('recall-show-all').click();
    const shown = () => page.locator('[data-testid^="recall-row-"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid')));
    await expect.poll(shown, { timeout: WAIT_MS }).toEqual(['recall-row-2.preampGainDb', 'recall-row-2.trimDb']);
    expect(await page.getByTestId('recall-ch-2').getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByTestId('recall-ch-1').getAttribute('aria-pressed')).toBe('false');
  });

  test('export downloads the profile; importing a bad file names the field; a good one is listed', async () => {
    const download = page.waitForEvent('download');
    await page.getByTestId('venue-export-tonight').click();
    const file = await (await download).path();
    const exported = JSON.parse(await readFile(file, 'utf8'));
    expect(exported.venue).toBe('Tonight at the Simulator');

    const bad = { ...exported, targets: { ...exported.targets, averageDbfs: 5 } };
    await page.getByTestId('venue-import-file').setInputFiles({ name: 'Bad Upload.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
    expect(await page.getByTestId('venue-import-id').inputValue()).toBe('bad-upload');
    await page.getByTestId('venue-import').click();
    expect(await page.getByTestId('venue-import-field').textContent()).toBe('targets.averageDbfs');
    expect(await page.getByTestId('venue-import-error').textContent()).toContain('upload:bad-upload.json');

    await page.getByTestId('venue-import-file').setInputFiles({ name: 'x.json', mimeType: 'application/json', buffer: Buffer.from('{"venue": ') });
    await page.getByTestId('venue-import-id').fill('half-file');
    await page.getByTestId('venue-import').click();
    expect(await page.getByTestId('venue-import-error').textContent()).toContain('not JSON');

    await page.getByTestId('venue-import-file').setInputFiles({ name: 'copy.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(exported)) });
    await page.getByTestId('venue-import-id').fill('tonight-copy');
    await page.getByTestId('venue-import').click();
    await page.getByTestId('venue-import-ok').waitFor();
    await page.getByTestId('venue-tonight-copy').waitFor();
  });

  test('a locked tablet can still preview and export, but not activate, save, import or apply a recall', async () => {
    await page.locator('[data-testid="role"][data-role="engineer"]').click();
    await page.locator('[data-testid="role"][data-role="viewer"]').waitFor();
    expect(await page.getByTestId('venue-activate-club-xr18').isDisabled()).toBe(true);
    expect(await page.getByTestId('venue-save').isDisabled()).toBe(true);
    expect(await page.getByTestId('venue-import').isDisabled()).toBe(true);
    await page.getByTestId('venue-preview-club-xr18').click();
    await page.locator('[data-testid="recall-preview"][data-profile="club-xr18"]').waitFor();
    expect(await page.getByTestId('recall-apply').isDisabled()).toBe(true);
    expect(await page.getByTestId('recall-preview').textContent()).toContain('engineer PIN');
    expect(await page.getByTestId('venue-export-club-xr18').getAttribute('href')).toBe('/api/venues/export?id=club-xr18');
  });

  test('no uncaught errors in the page', () => {
    expect(browser.pageErrors).toEqual([]);
  });
});
