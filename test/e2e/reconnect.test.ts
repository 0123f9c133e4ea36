import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { SimulatorConsole } from '../../server/consoles/simulator/simulator-console';
import { startTestBridge, type TestBridge } from '../support/test-bridge';
import { launchBrowser, type TestBrowser } from './browser';
import { liveColouredPixels, textsOf, waitForLink, waitForMeterChange } from './page-helpers';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';

describe('connection loss', () => {
  let bridge: TestBridge<SimulatorConsole>;
  let proxy: TcpProxy;
  let browser: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    bridge = await startTestBridge({ seed: 3 });
    proxy = await startTcpProxy(bridge.port);
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.goto(proxy.url);
    await waitForLink(page, 'ready');
  });

  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
    await bridge?.close();
  });

  test('a dropped network shows the meters stale at once, and they come back live by themselves', async () => {
    await page.getByTestId('stale').waitFor({ state: 'detached' });
    // The kick plays all the time: its live meter shows zone colours.
    await expect.poll(() => liveColouredPixels(page, 'meter-1'), { timeout: 15_000 }).toBeGreaterThan(0);
    proxy.setRefusing(true);
    proxy.dropAll();
    try {
      await waitForLink(page, 'lost');
      expect(await page.getByTestId('stale').textContent()).toContain('No connection to the bridge');
      expect(await page.getByTestId('strip-1').getAttribute('data-stale')).toBe('true');
      await expect.poll(() => liveColouredPixels(page, 'meter-1'), { timeout: 15_000 }).toBe(0);
      expect(await page.getByTestId('meter-value-1').getAttribute('data-stale')).toBe('true');
      expect(await page.getByTestId('meter-value-1').getAttribute('aria-label')).toContain('stale');
      // While the network is down the tablet keeps trying (and the proxy keeps refusing).
      await expect.poll(() => proxy.refused, { timeout: 15_000 }).toBeGreaterThan(0);
    } finally {
      proxy.setRefusing(false);
    }

    await waitForLink(page, 'ready');
    await page.getByTestId('stale').waitFor({ state: 'detached' });
    expect(await page.getByTestId('strip-1').getAttribute('data-stale')).toBe('false');
    await waitForMeterChange(page, await textsOf(page, 'meter-value-'));
  });

  test('a desk that goes away makes the meters stale even though the bridge is still there', async () => {
    bridge.console.setOnline(false);
    await page.getByTestId('stale').waitFor();
    expect(await page.getByTestId('connection-state').getAttribute('data-state')).toBe('ready');
    expect(await page.getByTestId('stale').textContent()).toMatch(/Desk (lost|connecting|syncing)|No meters/);
    bridge.console.setOnline(true);
    await page.getByTestId('stale').waitFor({ state: 'detached' });
    await waitForMeterChange(page, await textsOf(page, 'meter-value-'));
  });

  test('no uncaught errors in the page', () => {
    expect(browser.pageErrors).toEqual([]);
  });
});
