import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { SimulatorConsole } from '../../server/consoles/simulator/simulator-console';
import { qrSvg } from '../../server/tablet-urls';
import { TEST_PIN, type TestBridge } from '../support/test-bridge';
import type { TestBrowser } from './browser';
import { unlockTablet, waitForLink } from './page-helpers';
import { closeTablet, openTablet } from './tablet-session';

describe('connection panel and second tablet', () => {
  let bridge: TestBridge<SimulatorConsole>;
  let browser: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    ({ bridge, browser, page } = await openTablet({ seed: 4 }));
  });
  afterAll(() => closeTablet({ bridge, browser }));

  test('shows the desk model, firmware and state, and counts the connected tablets', async () => {
    const identity = bridge.console.identity();
    await page.getByTestId('nav-connection').click();
    const panel = page.getByTestId('connection-panel');
    await panel.waitFor();
    expect(await panel.getByTestId('panel-model').textContent()).toBe(identity.model);
    expect(await panel.getByTestId('panel-firmware').textContent()).toBe(identity.firmware);
    expect(await panel.getByTestId('panel-desk-state').textContent()).toBe('ready');
    expect(await panel.getByTestId('panel-link-state').textContent()).toBe('ready');
    expect((await panel.getByTestId('panel-meters').textContent())?.trim()).toMatch(/^LIVE/);

    const second = await browser.newPage();
    await second.goto(bridge.url);
    await waitForLink(second, 'ready');
    await page.locator('[data-testid="panel-clients"]', { hasText: /^2$/ }).waitFor();
    await page.getByTestId('clients').filter({ hasText: /2\s+tablets/ }).waitFor();
    await second.close();
    await page.locator('[data-testid="panel-clients"]', { hasText: /^1$/ }).waitFor();
  });

  test('Show QR displays the QR code and the addresses the bridge gives for another tablet', async () => {
    const urls = ['http://192.0.2.10:8080/', `${bridge.url}/`];
    const svg = await qrSvg(urls[0]!);
    // The test bridge has no /api/urls of its own; answer it the way the real bridge does.
    await page.route('**/api/urls', (route) => route.fulfill({ json: { urls, qrSvg: svg } }));
    await page.getByTestId('show-qr').click();
    const dialog = page.getByTestId('qr-dialog');
    await dialog.waitFor();
    const image = dialog.getByTestId('qr-image');
    await image.waitFor();
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('[data-testid="qr-image"]');
      return img !== null && img.complete && img.naturalWidth > 0;
    });
    expect(await image.getAttribute('src')).toBe(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
    expect(await dialog.getByTestId('qr-url').allTextContents()).toEqual(urls);
    await dialog.getByTestId('qr-close').click();
    await dialog.waitFor({ state: 'detached' });
    await page.unroute('**/api/urls');
  });

  test('Show QR explains the problem when the bridge cannot give its addresses', async () => {
    await page.route('**/api/urls', (route) => route.fulfill({ status: 404, json: { error: 'no such endpoint' } }));
    await page.getByTestId('show-qr').click();
    expect(await page.getByTestId('qr-error').textContent()).toContain('HTTP 404');
    await page.getByTestId('qr-close').click();
    await page.unroute('**/api/urls');
  });

  test('no uncaught errors in the page', () => {
    expect(browser.pageErrors).toEqual([]);
  });
});

describe('read-only bridge', () => {
  let bridge: TestBridge<SimulatorConsole>;
  let browser: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    ({ bridge, browser, page } = await openTablet({ seed: 1, readOnly: true }));
  });
  afterAll(() => closeTablet({ bridge, browser }));

  test('shows the read-only badge and offers no Apply even to the engineer, while Dismiss still works', async () => {
    await page.getByTestId('read-only').waitFor();
    await unlockTablet(page, TEST_PIN);
    const card = page.locator('[data-testid^="suggestion-"]:has([data-testid="apply"])').first();
    await card.waitFor();
    expect(await card.getByTestId('apply').isDisabled()).toBe(true);
    expect(await card.textContent()).toContain('Read-only bridge');
    expect(await card.getByTestId('dismiss').isEnabled()).toBe(true);
  });
});
