import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { SimulatorConsole } from '../../server/consoles/simulator/simulator-console';
import type { SoundcheckState } from '../../server/hub/protocol';
import { readParam } from '../../server/model/params';
import { startTestBridge, TEST_PIN, type TestBridge } from '../support/test-bridge';
import { launchBrowser, WAIT_MS, type TestBrowser } from './browser';
import { confirmWrite, getJson, targetSizes, unlockTablet, waitForLink, waitForValue } from './page-helpers';

const KICK_GAIN = 'ch.1.preampGainDb';

describe('soundcheck: listen, apply, undo (issue 5)', () => {
  let bridge: TestBridge<SimulatorConsole>;
  let browser: TestBrowser;
  let page: Page;
  /** The kick's gain before Headroom touched it (the simulator starts it clipping on purpose). */
  let gainBefore: number;

  const deskGain = () => readParam(bridge.console.snapshot(), KICK_GAIN)!;

  beforeAll(async () => {
    bridge = await startTestBridge({ seed: 1 });
    gainBefore = deskGain();
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.goto(`${bridge.url}/#/soundcheck`);
    await waitForLink(page, 'ready');
  });

  afterAll(async () => {
    await browser?.close();
    await bridge?.close();
  });

  test('a viewer sees the soundcheck view but cannot start one, and is told why', async () => {
    await page.getByTestId('soundcheck-view').waitFor();
    await page.getByTestId('sc-pick-1').click();
    expect(await page.getByTestId('sc-listen').isDisabled()).toBe(true);
    expect(await page.getByTestId('sc-check-all').isDisabled()).toBe(true);
    expect(await page.getByTestId('sc-blocked').textContent()).toContain('engineer PIN');
    await unlockTablet(page, TEST_PIN);
    expect(await page.getByTestId('sc-listen').isEnabled()).toBe(true);
  });

  test('Listen on a channel shows its progress, then the result with evidence and the change proposed', async () => {
    await page.getByTestId('sc-window-2').click();
    expect(await page.getByTestId('sc-window-value').textContent()).toBe('2 s');
    await page.getByTestId('sc-window-up').click();
    await page.getByTestId('sc-window-down').click();
    expect(await page.getByTestId('sc-window-value').textContent()).toBe('2 s');
    await page.getByTestId('sc-listen').click();

    await page.getByTestId('sc-channel-1').waitFor();
    await page.getByTestId('nav-soundcheck-running').waitFor();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="sc-progress-1"]')?.getAttribute('aria-valuenow')) > 0);
    const result = page.getByTestId('sc-result-1');
    await result.waitFor();
    expect(await result.getAttribute('data-outcome')).toBe('complete');
    expect(await page.getByTestId('sc-progress-1').getAttribute('aria-valuenow')).toBe('100');
    // At least the window (a late frame under load can carry it a block past).
    expect(await page.getByTestId('sc-progress-text-1').textContent()).toMatch(/2\.\d s \/ 2\.0 s playing/);
    expect(await page.getByTestId('sc-change-1').textContent()).toMatch(/^Gain 35\.0 → \d+\.\d dB \(−\d+\.\d\)$/);
    expect(await page.getByTestId('sc-result-message-1').textContent()).toContain('Ch 1 Kick clips');
    for (const size of await targetSizes(page, ['sc-pick-1', 'sc-window-2', 'sc-window-up', 'sc-listen', 'sc-check-all', 'sc-apply-1'])) {
      expect(size).toBeGreaterThanOrEqual(44);
    }
    expect(await result.textContent()).toMatch(/Peak\s*0\.0 dBFS/);
    await page.locator('[data-testid="sc-state"][data-end-reason="finished"]').waitFor();
    expect(deskGain()).toBe(gainBefore);
  });

  test('Apply asks for the second confirmation, the desk confirms the new gain and the meter settles', async () => {
    const { state } = await getJson<{ state: SoundcheckState }>(`${bridge.url}/api/soundcheck`);
    const proposed = state.channels[0]!.result!.suggestion!.change!.proposedValue;

    await page.getByTestId('sc-apply-1').click();
    expect(await confirmWrite(page)).toMatch(/Steps over the 6 dB limit: Ch 1 Kick gain \d+\.\d dB/);
    const applied = page.getByTestId('sc-applied-1');
    await applied.waitFor();
    expect(deskGain()).toBe(proposed);
    expect(await applied.textContent()).toContain(`(confirmed ${proposed.toFixed(1)})`);
    // The input meter falls to the new level: the running average drops well below the clipping kick's.
    await page.waitForFunction(
      () => Number(document.querySelector('[data-testid="sc-input-1"]')?.getAttribute('data-average-dbfs')) < -12,
      null,
      { timeout: WAIT_MS },
    );
  });

  test('Undo on the overview puts the old gain back, confirmed by the desk, and the journal shows both writes', async () => {
    await page.getByTestId('nav-overview').click();
    const bar = page.getByTestId('undo-last-bar');
    await bar.waitFor();
    expect(await bar.getByTestId('undo-last-label').textContent()).toBe('Ch 1 Kick gain');
    await bar.getByTestId('undo-last').click();
    expect(await confirmWrite(page)).toMatch(/Steps over the 6 dB limit: /);

    expect(await waitForValue(deskGain, gainBefore)).toBe(gainBefore);
    await page.locator('[data-testid="gain-1"]', { hasText: gainBefore.toFixed(1) }).waitFor();
    await page.getByTestId('notice').filter({ hasText: 'each confirmed by the desk' }).first().waitFor();

    await page.getByTestId('nav-journal').click();
    const gainWrites = page.locator('[data-testid^="journal-entry-"][data-param="ch.1.preampGainDb"]');
    await expect.poll(() => gainWrites.count(), { timeout: WAIT_MS }).toBe(2);
    const [undo, apply] = await gainWrites.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-testid')!.slice('journal-entry-'.length)));
    expect(await page.getByTestId(`journal-entry-${apply}`).getAttribute('data-undone')).toBe('true');
    expect(await page.getByTestId(`journal-undone-${apply}`).textContent()).toBe(`undone by #${undo}`);
    expect(await page.getByTestId(`journal-origin-${undo}`).textContent()).toBe(`Undo of #${apply}`);
    expect(await page.getByTestId(`journal-before-${apply}`).textContent()).toBe(gainBefore.toFixed(1));
    expect(await page.getByTestId(`journal-confirmed-${undo}`).textContent()).toContain(gainBefore.toFixed(1));
  });

  test('a change at the desk while listening restarts the window and says why', async () => {
    await page.getByTestId('nav-soundcheck').click();
    await page.getByTestId('sc-pick-none').click();
    await page.getByTestId('sc-pick-13').click();
    await page.getByTestId('sc-window-30').click();
    await page.getByTestId('sc-listen').click();
    await page.locator('[data-testid="sc-channel-13"][data-status="listening"]').waitFor();
    await page.locator('[data-testid="sc-state"][data-running="true"]').waitFor();

    bridge.console.deskChange('ch.13.preampGainDb', 20);
    const restart = page.getByTestId('sc-restart-13');
    await restart.waitFor();
    expect(await restart.getAttribute('data-reason')).toBe('desk-change');
    expect(await restart.textContent()).toMatch(/changed at the desk to .*listening again from the start/);

    await page.getByTestId('sc-cancel').click();
    await page.locator('[data-testid="sc-state"][data-end-reason="cancelled"]').waitFor();
    expect(await page.getByTestId('sc-status-13').textContent()).toBe('Waiting');
  });

  test('Check all walks channel by channel; Next judges what was heard; Undo this soundcheck reverts its writes', async () => {
    await page.getByTestId('sc-window-2').click();
    await page.getByTestId('sc-check-all').click();
    await page.locator('[data-testid="sc-channel-1"][data-status="listening"]').waitFor();
    expect(await page.locator('[data-testid^="sc-channel-"]').count()).toBe(bridge.console.snapshot().channels.length);
    expect(await page.getByTestId('sc-status-2').textContent()).toBe('Waiting');
    // Ch 1 fills its window, then the walk moves on by itself; Next judges Ch 2 on what it heard so far.
    await page.locator('[data-testid="sc-result-1"][data-outcome="complete"]').waitFor();
    await page.locator('[data-testid="sc-channel-2"][data-status="listening"]').waitFor();
    await page.getByTestId('sc-next').click();
    await page.locator('[data-testid="sc-result-2"][data-outcome="stopped-early"]').waitFor();
    await page.locator('[data-testid="sc-channel-3"][data-status="listening"]').waitFor();
    await page.getByTestId('sc-cancel').click();
    await page.locator('[data-testid="sc-state"][data-end-reason="cancelled"]').waitFor();
    expect(await page.getByTestId('sc-status-3').textContent()).toBe('Waiting');

    await page.getByTestId('sc-apply-1').click();
    await confirmWrite(page);
    await page.getByTestId('sc-applied-1').waitFor();
    expect(deskGain()).toBeLessThan(gainBefore);

    await page.getByTestId('sc-undo').click();
    expect(await confirmWrite(page)).toMatch(/Steps over the 6 dB limit: /);
    expect(await waitForValue(deskGain, gainBefore)).toBe(gainBefore);
    await page.getByTestId('sc-undo').waitFor({ state: 'detached' });
    expect(await page.getByTestId('sc-apply-1').isEnabled()).toBe(true);
  });

  test('no uncaught errors in the page', () => {
    expect(browser.pageErrors).toEqual([]);
  });
});
