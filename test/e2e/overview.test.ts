import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { BridgeStatus } from '../../server/hub/protocol';
import type { Suggestion } from '../../server/engine/suggestion';
import type { SimulatorConsole } from '../../server/consoles/simulator/simulator-console';
import type { TestBridge } from '../support/test-bridge';
import { WAIT_MS, type TestBrowser } from './browser';
import { getJson, liveColouredPixels, textsOf, waitForMeterChange, waitForSuggestion } from './page-helpers';
import { closeTablet, openTablet } from './tablet-session';

const SEVERITY_RANK: Record<string, number> = { urgent: 0, advice: 1, info: 2 };

describe('overview', () => {
  let bridge: TestBridge<SimulatorConsole>;
  let browser: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    ({ bridge, browser, page } = await openTablet({ seed: 1 }));
  });
  afterAll(() => closeTablet({ bridge, browser }));

  test('shows one strip per channel with its name, gain and trim, and the buses and main', async () => {
    const snapshot = bridge.console.snapshot();
    await page.getByTestId('strip-16').waitFor();
    expect(await page.locator('[data-testid^="strip-"]').count()).toBe(16);
    for (const channel of snapshot.channels) {
      const strip = page.getByTestId(`strip-${channel.index}`);
      expect(await strip.textContent()).toContain(channel.name);
      const gain = await page.getByTestId(`gain-${channel.index}`).textContent();
      expect(Number.parseFloat(gain ?? '')).toBeCloseTo(channel.preampGainDb ?? NaN, 1);
      expect(await page.getByTestId(`gain-${channel.index}`).getAttribute('title')).toContain('dB');
      expect(await strip.getAttribute('data-color')).toBe(channel.color?.name ?? 'none');
      const trim = await page.getByTestId(`trim-${channel.index}`).textContent();
      expect(Number.parseFloat(trim ?? '')).toBeCloseTo(channel.trimDb ?? NaN, 1);
    }
    for (const bus of snapshot.buses) await page.getByTestId(`bus-${bus.index}`).waitFor();
    await page.getByTestId('main').waitFor();
  });

  test('the header names the desk and shows the link ready, live meters and this tablet', async () => {
    expect(await page.getByTestId('desk-model').textContent()).toBe(bridge.console.identity().model);
    expect(await page.getByTestId('connection-state').textContent()).toContain('ready');
    await page.getByTestId('stale').waitFor({ state: 'detached' });
    const status = await getJson<BridgeStatus>(`${bridge.url}/api/status`);
    expect(status.clients).toBe(1);
    expect(await page.getByTestId('clients').textContent()).toMatch(/1\s+tablet/);
  });

  test('input readouts move while the band plays, and every meter is drawn into one canvas', async () => {
    const before = await textsOf(page, 'meter-value-');
    expect(before).toHaveLength(16);
    for (const text of before) expect(text).toMatch(/^(-?\d+(\.\d)?|-inf)$/);
    await waitForMeterChange(page, before);
    expect(await page.locator('canvas').count()).toBe(1);
    const slot = await page.getByTestId('meter-1').boundingBox();
    expect(slot?.width).toBeGreaterThan(40);
    expect(slot?.height).toBeGreaterThan(80);
    await expect.poll(() => liveColouredPixels(page, 'meter-1'), { timeout: WAIT_MS }).toBeGreaterThan(100);
  });

  test('lists at least three suggestions, urgent first, each with its change, reason and buttons', async () => {
    await page.waitForFunction(() => document.querySelectorAll('[data-testid^="suggestion-"]').length >= 3, null, { timeout: WAIT_MS });
    const cards = page.locator('[data-testid^="suggestion-"]');
    const severities = await cards.evaluateAll((els) => els.map((el) => el.getAttribute('data-severity') ?? ''));
    expect(severities.length).toBeGreaterThanOrEqual(3);
    const ranks = severities.map((s) => SEVERITY_RANK[s] ?? 9);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));

    const offered = await getJson<Suggestion[]>(`${bridge.url}/api/suggestions`);
    const withChange = offered.find((s) => s.change !== null && s.stage === 'preamp');
    expect(withChange).toBeDefined();
    const card = page.getByTestId(`suggestion-${withChange!.id}`);
    expect(await card.textContent()).toContain(withChange!.label);
    expect(await card.getByTestId('change').textContent()).toMatch(/^(Gain|Trim) -?\d+\.\d → -?\d+\.\d dB \([+−]\d+\.\d\)$/);
    for (const button of ['apply', 'dismiss']) {
      const box = await card.getByTestId(button).boundingBox();
      expect(box?.height).toBeGreaterThanOrEqual(44);
      expect(box?.width).toBeGreaterThanOrEqual(44);
    }
  });

  test('a bus suggestion names the loudest channels feeding it', async () => {
    const withFeeds = await waitForSuggestion(bridge.url, (s) => (s.contributors?.length ?? 0) > 0);
    const feeds = page.getByTestId(`suggestion-${withFeeds.id}`).getByTestId('contributors');
    await feeds.waitFor();
    expect(await feeds.textContent()).toContain(withFeeds.contributors![0]!.label);
  });

  test('a strip with an open suggestion carries a badge', async () => {
    const offered = await getJson<Suggestion[]>(`${bridge.url}/api/suggestions`);
    const channelTarget = offered.find((s) => s.target.kind === 'channel');
    expect(channelTarget).toBeDefined();
    const index = (channelTarget!.target as { index: number }).index;
    await page.getByTestId(`badge-${index}`).waitFor();
  });

  test('no uncaught errors in the page', () => {
    expect(browser.pageErrors).toEqual([]);
  });
});
