/**
 * A card tapped after its figures moved: the bridge writes nothing and the card says what changed, with the
 * new values for one more tap. The test makes the tapped card outdated by rewriting the version the tablet
 * sends on its way to the bridge (a real browser, a real socket, through Playwright's WebSocket route).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { SimulatorConsole } from '../../server/consoles/simulator/simulator-console';
import { startTestBridge, TEST_PIN, type TestBridge } from '../support/test-bridge';
import { launchBrowser, WAIT_MS, type TestBrowser } from './browser';
import { unlockTablet, waitForLink, waitForSuggestion } from './page-helpers';

let bridge: TestBridge<SimulatorConsole>;
let browser: TestBrowser;
let page: Page;
/** The next apply leaves the tablet with this version instead of the card's (null: pass everything as sent). */
let outdatedVersion: string | null = null;

beforeAll(async () => {
  bridge = await startTestBridge({ seed: 1 });
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.routeWebSocket(/\/ws/, (socket) => {
    const server = socket.connectToServer();
    socket.onMessage((message) => {
      const parsed = typeof message === 'string' ? (JSON.parse(message) as { type?: string }) : null;
      if (parsed?.type === 'apply' && outdatedVersion !== null) {
        server.send(JSON.stringify({ ...parsed, version: outdatedVersion }));
        outdatedVersion = null;
        return;
      }
      server.send(message);
    });
  });
  await page.goto(bridge.url);
  await waitForLink(page, 'ready');
  await unlockTablet(page, TEST_PIN);
});

afterAll(async () => {
  await browser?.close();
  await bridge?.close();
});

test('a card whose figures moved says what changed, writes nothing, and applies the new values on one more tap', async () => {
  const suggestion = await waitForSuggestion(bridge.url, (s) => s.id === 'preamp-target:ch13:preamp');
  const card = page.getByTestId(`suggestion-${suggestion.id}`);
  await card.getByTestId('apply').waitFor();
  await page.waitForFunction((id) => {
    const button = document.querySelector<HTMLButtonElement>(`[data-testid="suggestion-${id}"] [data-testid="apply"]`);
    return button !== null && !button.disabled;
  }, suggestion.id, { timeout: WAIT_MS });

  outdatedVersion = '00000000';
  await card.getByTestId('apply').click();
  const changed = card.getByTestId('changed-since-seen');
  await changed.waitFor({ timeout: WAIT_MS });
  expect(await changed.textContent()).toMatch(/^Ch 13 Vox 1 changed since you saw it: the card is older than the bridge remembers\. Nothing was written; tap again to apply the new values\.$/);
  expect(await card.getByTestId('apply').textContent()).toContain('Apply new values');
  expect(bridge.journal.entries()).toHaveLength(0);

  // The band keeps playing: on a busy machine the proposal may move again before the tap lands, and the
  // card then says so once more (as it would to an engineer, who taps again). A few taps at most.
  const confirmApply = card.getByTestId('confirm-apply');
  for (let tap = 1; ; tap++) {
    await card.getByTestId('apply').click();
    await changed.waitFor({ state: 'detached', timeout: WAIT_MS });
    // Seen once in a full CI run: neither came within WAIT_MS. Say what the tablet showed instead.
    await confirmApply.or(changed).first().waitFor({ timeout: WAIT_MS }).catch(async (error: unknown) => {
      const shown = (await card.count()) === 0 ? 'the card is gone' : `the card reads: ${await card.textContent()}`;
      const notices = await page.getByTestId('notice').allTextContents();
      throw new Error(`after tap ${tap}, ${shown}; notices: ${JSON.stringify(notices)}; journal: ${bridge.journal.entries().length} entries`, { cause: error });
    });
    if (await confirmApply.isVisible()) break;
    if (tap === 3) throw new Error(`the proposal moved on every one of ${tap} taps: ${await changed.textContent()}`);
  }
  // +19.5 dB is beyond the 6 dB step limit: the bridge asks once more, as for any big step.
  await confirmApply.click({ timeout: WAIT_MS });
  await card.waitFor({ state: 'detached', timeout: WAIT_MS });
  expect(bridge.journal.entries().map((e) => e.param)).toContain('ch.13.preampGainDb');
});
