import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { SimulatorConsole } from '../../server/consoles/simulator/simulator-console';
import type { Suggestion } from '../../server/engine/suggestion';
import { readParam } from '../../server/model/params';
import { startTestBridge, TEST_PIN, type TestBridge } from '../support/test-bridge';
import { launchBrowser, WAIT_MS, type TestBrowser } from './browser';
import { getJson, waitForLink, waitForSuggestion } from './page-helpers';

/** A suggestion to change a channel's preamp gain or trim (from the preamp-target or clipping rule). */
const isPreampChange = (s: Suggestion) =>
  s.stage === 'preamp' && s.target.kind === 'channel' && /\.(preampGainDb|trimDb)$/.test(s.change?.param ?? '');

describe('suggestions', () => {
  let bridge: TestBridge<SimulatorConsole>;
  let browser: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    bridge = await startTestBridge({ seed: 1 });
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.goto(bridge.url);
    await waitForLink(page, 'ready');
  });

  test('a viewer sees why it cannot apply; a wrong PIN is refused; the engineer PIN unlocks the tablet', async () => {
    const card = page.locator('[data-testid^="suggestion-"]:has([data-testid="apply"])').first();
    await card.waitFor();
    expect(await card.getByTestId('apply').isDisabled()).toBe(true);
    expect(await card.getByTestId('dismiss').isDisabled()).toBe(true);
    expect(await card.getByTestId('blocked').textContent()).toContain('engineer PIN');

    await page.locator('[data-testid="role"][data-role="viewer"]').click();
    await page.getByTestId('pin-input').fill('0000');
    await page.getByTestId('pin-submit').click();
    expect(await page.getByTestId('pin-error').textContent()).toContain('Wrong PIN');
    await page.getByTestId('pin-input').fill(TEST_PIN);
    await page.getByTestId('pin-submit').click();
    await page.locator('[data-testid="role"][data-role="engineer"]').waitFor();
    await page.getByTestId('pin-dialog').waitFor({ state: 'detached' });
    await page.waitForFunction(() => {
      const button = document.querySelector<HTMLButtonElement>('[data-testid^="suggestion-"] [data-testid="apply"]');
      return button !== null && !button.disabled;
    });
  });

  test('the engineer role survives a reload (the token is kept on the tablet)', async () => {
    await page.reload();
    await waitForLink(page, 'ready');
    await page.locator('[data-testid="role"][data-role="engineer"]').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await bridge?.close();
  });

  test('Apply on a preamp suggestion writes the desk, the suggestion goes and the strip shows the new value', async () => {
    // The simulator starts with Ch 1 Kick clipping on purpose.
    const suggestion = await waitForSuggestion(bridge.url, (s) => isPreampChange(s) && s.target.kind === 'channel' && s.target.index === 1);
    const change = suggestion.change!;
    const channel = (suggestion.target as { index: number }).index;
    const field = change.param.endsWith('preampGainDb') ? 'gain' : 'trim';
    const value = page.getByTestId(`${field}-${channel}`);
    const before = await value.textContent();
    expect(Number.parseFloat(before ?? '')).toBeCloseTo(change.currentValue, 1);

    const card = page.getByTestId(`suggestion-${suggestion.id}`);
    // Before anything is written the card shows what the fix does at the PA and in each mix.
    expect(await card.getByTestId('effect').textContent()).toMatch(/^\s*PA [−+±]\d+\.\d dB( · [^·]+ [−+±]\d+\.\d dB)+\s*$/);
    await card.getByTestId('apply').click();
    // The kick starts far too hot: more than the bridge's 6 dB step limit, so it asks for a second confirmation.
    expect(Math.abs(change.deltaDb)).toBeGreaterThan(6);
    const confirm = card.getByTestId('confirm-apply');
    await confirm.waitFor();
    expect(await card.getByRole('alert').textContent()).toMatch(/Steps over the 6 dB limit: Ch 1 Kick gain \d+\.\d dB.*Predicted: PA: [−+±]\d+\.\d dB/);
    await confirm.click();

    await card.waitFor({ state: 'detached' });
    await page.waitForFunction(
      ({ testId, text }) => document.querySelector(`[data-testid="${testId}"]`)?.textContent?.trim() !== text,
      { testId: `${field}-${channel}`, text: before?.trim() ?? '' },
      { timeout: WAIT_MS },
    );
    // The engine refines its proposal between evaluations (by a step or two), so compare loosely with
    // what was offered before the click, and exactly with what the desk holds now.
    const desk = readParam(bridge.console.snapshot(), change.param)!;
    expect(Math.sign(desk - change.currentValue)).toBe(Math.sign(change.deltaDb));
    expect(Math.abs(desk - change.proposedValue)).toBeLessThanOrEqual(2);
    expect(Number.parseFloat((await value.textContent()) ?? '')).toBeCloseTo(desk, 1);
    await page.getByTestId('notice').filter({ hasText: 'confirmed by the desk' }).first().waitFor();
  });

  test('Dismiss removes a suggestion here and at the bridge', async () => {
    await page.locator('[data-testid^="suggestion-"]').first().waitFor();
    const testId = await page.locator('[data-testid^="suggestion-"]').first().getAttribute('data-testid');
    const id = testId!.slice('suggestion-'.length);
    await page.getByTestId(testId!).getByTestId('dismiss').click();
    await page.getByTestId(testId!).waitFor({ state: 'detached' });
    const offered = await getJson<Suggestion[]>(`${bridge.url}/api/suggestions`);
    expect(offered.map((s) => s.id)).not.toContain(id);
  });

  test('the suggestions view lists the same suggestions, worst first', async () => {
    await page.getByTestId('nav-suggestions').click();
    await page.getByTestId('suggestions-view').waitFor();
    // The engine re-evaluates continuously: compare until the page and the bridge agree.
    const sameAsBridge = async () => {
      const offered = await getJson<Suggestion[]>(`${bridge.url}/api/suggestions`);
      const shown = await page
        .getByTestId('suggestions-view')
        .locator('[data-testid^="suggestion-"]')
        .evaluateAll((els) => els.map((el) => el.getAttribute('data-testid')!.slice('suggestion-'.length)));
      return shown.length > 0 && [...shown].sort().join() === offered.map((s) => s.id).sort().join();
    };
    await expect.poll(sameAsBridge, { timeout: WAIT_MS, interval: 250 }).toBe(true);
    await page.getByTestId('nav-overview').click();
    await page.getByTestId('strip-1').waitFor();
  });

  test('no uncaught errors in the page', () => {
    expect(browser.pageErrors).toEqual([]);
  });
});
