import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { SimulatorConsole } from '../../server/consoles/simulator/simulator-console';
import type { TestBridge } from '../support/test-bridge';
import type { TestBrowser } from './browser';
import { getJson, waitForLink } from './page-helpers';
import { closeTablet, openTablet } from './tablet-session';

interface Manifest {
  name: string;
  short_name: string;
  start_url: string;
  display: string;
  icons: { src: string; sizes: string; type: string; purpose?: string }[];
}

describe('installable tablet app', () => {
  let bridge: TestBridge<SimulatorConsole>;
  let browser: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    ({ bridge, browser, page } = await openTablet({ seed: 5 }));
  });
  afterAll(() => closeTablet({ bridge, browser }));

  test('the manifest is linked from the page and every icon it names is served', async () => {
    expect(await page.locator('link[rel="manifest"]').getAttribute('href')).toBe('/manifest.webmanifest');
    const manifest = await getJson<Manifest>(`${bridge.url}/manifest.webmanifest`);
    expect(manifest.short_name).toBe('Headroom');
    expect(manifest.start_url).toBe('/');
    expect(manifest.display).toBe('standalone');
    expect(manifest.icons.some((i) => i.sizes === '512x512' && i.purpose === 'maskable')).toBe(true);
    for (const icon of manifest.icons) {
      const response = await fetch(`${bridge.url}${icon.src}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(icon.type);
      expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(200);
    }
  });

  test('the service worker caches the app shell and never the API', async () => {
    const active = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      return registration.active?.scriptURL ?? null;
    });
    expect(active).toBe(`${bridge.url}/sw.js`);
    // Requests made while the worker controls the page must not be cached either.
    await page.reload();
    await waitForLink(page, 'ready');
    await page.evaluate(() => fetch('/api/status').then((r) => r.json()));
    const cached = await page.evaluate(async () => {
      const paths: string[] = [];
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        for (const request of await cache.keys()) paths.push(new URL(request.url).pathname);
      }
      return paths;
    });
    expect(cached).toContain('/');
    expect(cached).toContain('/manifest.webmanifest');
    expect(cached.some((p) => /^\/assets\/.+\.js$/.test(p))).toBe(true);
    expect(cached.some((p) => /^\/assets\/.+\.css$/.test(p))).toBe(true);
    expect(cached.filter((p) => p.startsWith('/api') || p === '/ws')).toEqual([]);
  });

  test('with the bridge gone, the page still opens from the cache and says the link is lost', async () => {
    await bridge.close();
    await page.reload();
    await page.getByTestId('connection-state').waitFor();
    await waitForLink(page, 'lost');
    await page.getByTestId('stale').waitFor();
  });

  test('no uncaught errors in the page', () => {
    expect(browser.pageErrors).toEqual([]);
  });
});
