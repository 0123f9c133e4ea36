import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { SimulatorConsole } from '../../server/consoles/simulator/simulator-console';
import type { TestBridge } from '../support/test-bridge';
import type { TestBrowser } from './browser';
import { waitForSuggestion } from './page-helpers';
import { closeTablet, openTablet } from './tablet-session';

describe('channel detail and level ladder', () => {
  let bridge: TestBridge<SimulatorConsole>;
  let browser: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    ({ bridge, browser, page } = await openTablet({ seed: 2 }));
  });
  afterAll(() => closeTablet({ bridge, browser }));

  test('tapping a strip opens the ladder of its whole chain, with level and headroom at each stage', async () => {
    const snapshot = bridge.console.snapshot();
    const kick = snapshot.channels[0]!;
    await page.getByTestId('strip-1').getByRole('button').first().click();
    const detail = page.getByTestId('channel-detail');
    await detail.waitFor();
    expect(await detail.getAttribute('data-channel')).toBe('1');
    expect(await detail.textContent()).toContain(kick.name);
    // The header carries the desk's scribble-strip colour, as the strip does.
    expect(await page.getByTestId('detail-title').getAttribute('data-color')).toBe(kick.color?.name ?? 'none');
    expect(page.url()).toMatch(/#\/channel\/1$/);

    const ladder = page.getByTestId('ladder');
    for (const stage of ['preamp', 'eq', 'dynamics', 'fader', 'main']) await ladder.getByTestId(`ladder-stage-${stage}`).waitFor();
    const mainOutputs = snapshot.outputs.filter((o) => o.source.kind === 'main');
    if (kick.toMain && mainOutputs.length > 0) await ladder.getByTestId(`ladder-stage-output-${mainOutputs[0]!.index}`).waitFor();

    // Headroom is the distance from the peak to 0 dBFS, as measured once the meters have run.
    await page.waitForFunction(() => document.querySelector('[data-testid="ladder-stage-preamp"]')?.getAttribute('data-headroom') !== 'none');
    const headroom = Number(await ladder.getByTestId('ladder-stage-preamp').getAttribute('data-headroom'));
    const peak = Number.parseFloat((await ladder.getByTestId('ladder-peak-preamp').textContent()) ?? '');
    expect(headroom).toBeCloseTo(-peak, 1);

    const sends = page.getByTestId('ladder-sends');
    for (const send of kick.sends.filter((s) => s.on && s.levelDb > -Infinity)) await sends.getByTestId(`ladder-stage-bus-${send.bus}`).waitFor();
  });

  test('the stage an open suggestion aims at is highlighted as at fault', async () => {
    const suggestion = await waitForSuggestion(bridge.url, (s) => s.target.kind === 'channel' && s.stage === 'preamp');
    const channel = (suggestion.target as { index: number }).index;
    await page.goto(`${bridge.url}/#/channel/${channel}`);
    await page.locator('[data-testid="ladder-stage-preamp"][data-fault="true"]').waitFor();
    expect(await page.getByTestId('ladder-stage-fader').getAttribute('data-fault')).toBe('false');
    await page.getByTestId('channel-detail').getByTestId(`suggestion-${suggestion.id}`).waitFor();
  });

  test('back returns to the overview, and the next-channel button walks the desk', async () => {
    await page.goto(`${bridge.url}/#/channel/2`);
    await page.getByTestId('channel-detail').waitFor();
    await page.getByRole('button', { name: 'Next channel' }).click();
    await page.locator('[data-testid="channel-detail"][data-channel="3"]').waitFor();
    await page.getByTestId('back').click();
    await page.getByTestId('strip-1').waitFor();
    expect(await page.getByTestId('channel-detail').count()).toBe(0);
  });

  test('no uncaught errors in the page', () => {
    expect(browser.pageErrors).toEqual([]);
  });
});
