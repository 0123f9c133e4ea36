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

  test('the big number is the held peak or the average, as this tablet chose, and the choice survives a reload', async () => {
    expect(await page.getByTestId('meter-value-1').getAttribute('data-kind')).toBe('peak');
    expect(await page.getByTestId('readout-peak').getAttribute('aria-pressed')).toBe('true');
    await page.getByTestId('readout-average').click();
    await page.locator('[data-testid="meter-value-1"][data-kind="average"]').waitFor();
    await page.reload();
    await page.locator('[data-testid="meter-value-1"][data-kind="average"]').waitFor();
    expect(await page.getByTestId('readout-average').getAttribute('aria-pressed')).toBe('true');
    await page.getByTestId('readout-peak').click();
    await page.locator('[data-testid="meter-value-1"][data-kind="peak"]').waitFor();
  });

  test('the kick (clipping at the converter) latches CLIP until tapped; the silent playback channel never does', async () => {
    await page.getByTestId('clip-1').waitFor();
    expect(await page.getByTestId('clip-16').count()).toBe(0);
    const size = await page.getByTestId('clip-1').boundingBox();
    expect(Math.min(size?.width ?? 0, size?.height ?? 0)).toBeGreaterThanOrEqual(44);
    // The tap clears the latch and does not open the channel underneath.
    await page.getByTestId('clip-1').click();
    expect(page.url()).not.toMatch(/#\/channel\//);
  });

  test('a tap anywhere on a strip opens its channel, not only its name', async () => {
    // Near the bottom of the strip, on its values: far from the name.
    const strip = page.getByTestId('strip-3');
    const box = await strip.boundingBox();
    await strip.click({ position: { x: 20, y: (box?.height ?? 0) - 12 } });
    await page.locator('[data-testid="channel-detail"][data-channel="3"]').waitFor();
    await page.getByTestId('back').click();
    await page.getByTestId('strip-3').waitFor();
  });

  test('no uncaught errors in the page', () => {
    expect(browser.pageErrors).toEqual([]);
  });
});
