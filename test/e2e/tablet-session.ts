/** One tablet page on a fresh simulator bridge, for browser test files that share one page across tests. */
import type { Page } from 'playwright-core';
import type { SimulatorConsole } from '../../server/consoles/simulator/simulator-console';
import { startTestBridge, type TestBridge, type TestBridgeOptions } from '../support/test-bridge';
import { launchBrowser, type TestBrowser } from './browser';
import { waitForLink } from './page-helpers';

export interface TabletSession {
  bridge: TestBridge<SimulatorConsole>;
  browser: TestBrowser;
  page: Page;
}

/** Starts a bridge on the simulated band, a browser and a page showing the tablet, once it is ready. */
export async function openTablet(options: TestBridgeOptions<SimulatorConsole>): Promise<TabletSession> {
  const bridge = await startTestBridge(options);
  const browser = await launchBrowser();
  const page = await browser.newPage();
  await page.goto(bridge.url);
  await waitForLink(page, 'ready');
  return { bridge, browser, page };
}

/** Closes what openTablet started; safe after a failed or partial start. */
export async function closeTablet(session: Partial<TabletSession>): Promise<void> {
  await session.browser?.close();
  await session.bridge?.close();
}
