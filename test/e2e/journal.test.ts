import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { SimulatorConsole } from '../../server/consoles/simulator/simulator-console';
import { readParam } from '../../server/model/params';
import { startTestBridge, TEST_PIN, type TestBridge } from '../support/test-bridge';
import { launchBrowser, WAIT_MS, type TestBrowser } from './browser';
import { confirmWrite, getJson, targetSizes, unlockTablet, waitForLink, waitForValue } from './page-helpers';

interface BackupAnswer {
  status: { takenAtIso: string | null; valueCount: number };
  values: { param: string; value: number | null }[];
}

describe('journal and backup', () => {
  let bridge: TestBridge<SimulatorConsole>;
  let browser: TestBrowser;
  let page: Page;
  /** Journal seq of the older and the newer write made before the page opens. */
  let older: number;
  let newer: number;
  const OLD_GAIN = 'ch.2.preampGainDb';
  const NEW_FADER = 'ch.3.faderDb';
  let gainBefore: number;
  let faderBefore: number;
  /** The fader as the desk confirmed the newer write (faders sit on the desk's grid). */
  let faderWritten: number;

  const desk = (param: string) => readParam(bridge.console.snapshot(), param)!;

  beforeAll(async () => {
    bridge = await startTestBridge({ seed: 3 });
    expect(await waitForValue(() => bridge.console.state(), 'ready')).toBe('ready');
    gainBefore = desk(OLD_GAIN);
    faderBefore = desk(NEW_FADER);
    // Two writes through the safety path, as another tablet would make them: a big gain step, then a fader move.
    const writer = bridge.bridge.writer;
    older = (await writer.apply({ purpose: 'any', param: OLD_GAIN, value: gainBefore + 16, client: 'other1', origin: 'preamp-target:ch2:preamp', confirmed: true })).seq;
    const fader = await writer.apply({ purpose: 'any', param: NEW_FADER, value: faderBefore - 4, client: 'other1', origin: 'fader-unity:ch3:fader', confirmed: false });
    newer = fader.seq;
    faderWritten = fader.confirmedValue;
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.goto(`${bridge.url}/#/journal`);
    await waitForLink(page, 'ready');
  });

  afterAll(async () => {
    await browser?.close();
    await bridge?.close();
  });

  test('lists every write, newest first, with time, tablet, parameter, before, requested, confirmed and origin', async () => {
    await page.getByTestId(`journal-entry-${older}`).waitFor();
    const rows = await page.locator('[data-testid^="journal-entry-"]').evaluateAll((els) => els.map((el) => el.getAttribute('data-testid')));
    expect(rows).toEqual([`journal-entry-${newer}`, `journal-entry-${older}`]);
    const text = (await page.getByTestId(`journal-entry-${older}`).innerText()).replace(/\s+/g, ' ');
    expect(text).toMatch(/^\d+ \d\d:\d\d:\d\d Ch 2 Snare gain engineer OK'd big step/);
    expect(text).toContain(`${gainBefore.toFixed(1)} ${(gainBefore + 16).toFixed(1)} ${(gainBefore + 16).toFixed(1)} dB`);
    expect(text).toContain('Suggestion · Preamp target tablet other1');
    expect(await page.getByTestId('backup-count').textContent()).toMatch(/^\d+$/);
    for (const size of await targetSizes(page, [`journal-undo-${older}`, 'restore-backup', 'undo-last'])) expect(size).toBeGreaterThanOrEqual(44);
  });

  test('a viewer sees the journal but its Undo buttons say why they cannot be used', async () => {
    expect(await page.getByTestId(`journal-undo-${older}`).isDisabled()).toBe(true);
    expect(await page.getByTestId('restore-backup').isDisabled()).toBe(true);
    expect(await page.getByTestId('journal-blocked').textContent()).toContain('engineer PIN');
    await unlockTablet(page, TEST_PIN);
    await page.waitForFunction((seq) => !document.querySelector<HTMLButtonElement>(`[data-testid="journal-undo-${seq}"]`)?.disabled, older);
  });

  test('Undo on an older entry asks for the big step, writes back its old value and leaves the newer write alone', async () => {
    await page.getByTestId(`journal-undo-${older}`).click();
    expect(await confirmWrite(page)).toMatch(/Steps over the 6 dB limit: Ch 2 Snare gain 16\.0 dB/);
    expect(await waitForValue(() => desk(OLD_GAIN), gainBefore)).toBe(gainBefore);
    expect(desk(NEW_FADER)).toBe(faderWritten);

    await page.locator(`[data-testid="journal-entry-${older}"][data-undone="true"]`).waitFor();
    const undo = newer + 1;
    expect(await page.getByTestId(`journal-origin-${undo}`).textContent()).toBe(`Undo of #${older}`);
    expect(await page.getByTestId(`journal-confirmed-${undo}`).textContent()).toContain(gainBefore.toFixed(1));
    expect(await page.getByTestId(`journal-undo-${older}`).isDisabled()).toBe(true);
    expect(await page.getByTestId(`journal-entry-${newer}`).getAttribute('data-undone')).toBe('false');
  });

  test('Restore backup always asks first, then puts every changed value back as the backup holds it', async () => {
    const backup = await getJson<BackupAnswer>(`${bridge.url}/api/backup`);
    const backedUpFader = backup.values.find((v) => v.param === NEW_FADER)!.value;
    expect(backedUpFader).toBe(faderBefore);
    expect(await page.getByTestId('backup-count').textContent()).toBe(String(backup.status.valueCount));

    await page.getByTestId('restore-backup').click();
    const dialog = page.getByTestId('confirm-dialog');
    await dialog.waitFor();
    await dialog.getByTestId('cancel-write').click();
    await dialog.waitFor({ state: 'detached' });
    expect(desk(NEW_FADER)).toBe(faderWritten);

    await page.getByTestId('restore-backup').click();
    expect(await confirmWrite(page)).toMatch(/restore/i);
    expect(await waitForValue(() => desk(NEW_FADER), faderBefore)).toBe(faderBefore);
    await page.getByTestId('notice').filter({ hasText: /^Restore the desk from the backup: \d+ values? written, each confirmed by the desk/ }).first().waitFor();
    const restored = page.locator('[data-testid^="journal-origin-"]', { hasText: 'Backup restore' });
    await expect.poll(() => restored.count(), { timeout: WAIT_MS }).toBeGreaterThan(0);
  });

  test('older entries than the latest page load on request', async () => {
    const writer = bridge.bridge.writer;
    const fader = 'ch.4.faderDb';
    const start = desk(fader);
    for (let i = 0; i < 55; i++) {
      await writer.apply({ purpose: 'any', param: fader, value: start - (i % 2 === 0 ? 1 : 0), client: 'other1', origin: 'fader-unity:ch4:fader', confirmed: false });
    }
    await page.reload();
    await waitForLink(page, 'ready');
    const total = bridge.journal.entries().length;
    const rows = page.locator('[data-testid^="journal-entry-"]');
    await expect.poll(() => rows.count(), { timeout: WAIT_MS }).toBe(50);
    expect(await page.getByTestId('journal-count').textContent()).toBe(`50 of ${total}`);
    await page.getByTestId('journal-older').click();
    await expect.poll(() => rows.count(), { timeout: WAIT_MS }).toBe(total);
    await page.getByTestId('journal-older').waitFor({ state: 'detached' });
    await page.getByTestId(`journal-entry-${older}`).waitFor();
  });

  test('no uncaught errors in the page', () => {
    expect(browser.pageErrors).toEqual([]);
  });
});
