/**
 * The tablet at every screen engineers carry, with 16 (the simulated band), 32 and 40 channels: nothing
 * overlaps, no value text is clipped, every column of the level ladder is on screen or reachable by an
 * explicit scroll. One page per desk, resized from size to size (a relaunch per size would cost seconds).
 * At the 1180x820 iPad Air landscape: touch targets of at least 44 px, no text under 12 px, and every view
 * opens at its top.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { FramePumpConsole, syntheticSnapshot } from '../../bench/synthetic-desk';
import type { Console } from '../../server/consoles/console';
import { startTestBridge, type TestBridge } from '../support/test-bridge';
import { launchBrowser, WAIT_MS, type TestBrowser } from './browser';
import { waitForLink } from './page-helpers';

const SIZES = [
  { name: 'iPad Pro 12.9 landscape', width: 1366, height: 1024 },
  { name: 'iPad Air landscape', width: 1180, height: 820 },
  { name: 'iPad landscape', width: 1024, height: 768 },
  { name: 'iPad Air portrait', width: 820, height: 1180 },
  { name: 'iPad portrait', width: 768, height: 1024 },
  { name: 'Android 10" landscape', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;

interface LayoutReport {
  overlaps: string[];
  clipped: string[];
  strips: number;
}

/**
 * Runs in the page: the visible part of every strip, bus, readout and bar (clipped by the scroll areas
 * around it) must not overlap another's; inside each strip the meter, readout and values must not overlap
 * either; every value must show in full (no text cut by its box or by its strip).
 */
function inspectOverview(): LayoutReport {
  type Box = { left: number; top: number; right: number; bottom: number };
  const visible = (el: Element): Box => {
    const r = el.getBoundingClientRect();
    let box: Box = { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    for (let at = el.parentElement; at !== null; at = at.parentElement) {
      const style = getComputedStyle(at);
      if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
      const c = at.getBoundingClientRect();
      box = { left: Math.max(box.left, c.left), top: Math.max(box.top, c.top), right: Math.min(box.right, c.right), bottom: Math.min(box.bottom, c.bottom) };
    }
    return box;
  };
  const area = (b: Box) => Math.max(0, b.right - b.left) * Math.max(0, b.bottom - b.top);
  // Borders may touch: an overlap must be more than a pixel deep both ways.
  const overlap = (a: Box, b: Box) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
  const name = (el: Element) => el.getAttribute('data-testid') ?? el.className;
  const overlaps: string[] = [];
  const checkApart = (elements: Element[]) => {
    const boxes = elements.map((el) => ({ el, box: visible(el) })).filter((e) => area(e.box) > 0);
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        if (overlap(boxes[i]!.box, boxes[j]!.box)) overlaps.push(`${name(boxes[i]!.el)} / ${name(boxes[j]!.el)}`);
      }
    }
  };
  const strips = [...document.querySelectorAll('article[data-testid^="strip-"]')];
  const mixes = [...document.querySelectorAll('article[data-testid^="bus-"], article[data-testid="main"]')];
  const panels = [...document.querySelectorAll('[data-testid="suggestions-panel"], [data-testid="readout-switch"]')];
  checkApart([...strips, ...mixes, ...panels]);
  for (const strip of strips) checkApart([...strip.querySelectorAll('.meter, .readout, .clip, dd')]);
  for (const mix of mixes) checkApart([...mix.querySelectorAll('.meter, .level, .fader, .name')]);

  const clipped: string[] = [];
  const values = document.querySelectorAll('[data-testid^="gain-"], [data-testid^="trim-"], [data-testid^="fader-"], [data-testid$="-fader"]');
  for (const value of values) {
    const holder = value.closest('article');
    const own = value.getBoundingClientRect();
    const outer = holder?.getBoundingClientRect() ?? own;
    const cut = value.scrollWidth > value.clientWidth + 0.5 || own.right > outer.right + 0.5 || own.bottom > outer.bottom + 0.5;
    if (cut) clipped.push(`${name(value)} "${value.textContent?.trim()}"`);
  }
  return { overlaps, clipped, strips: strips.length };
}

/** Runs in the page: the ladder stages that are neither on screen nor reachable by scrolling their scroll area. */
function unreachableLadderStages(): string[] {
  const unreachable: string[] = [];
  for (const stage of document.querySelectorAll('[data-testid^="ladder-stage-"]')) {
    const r = stage.getBoundingClientRect();
    if (r.left >= -0.5 && r.right <= document.documentElement.clientWidth + 0.5) continue;
    let scroller: Element | null = stage.parentElement;
    while (scroller !== null && !['auto', 'scroll'].includes(getComputedStyle(scroller).overflowX)) scroller = scroller.parentElement;
    if (scroller === null) {
      unreachable.push(stage.getAttribute('data-testid') ?? '?');
      continue;
    }
    const s = scroller.getBoundingClientRect();
    const onScreen = s.left >= -0.5 && s.right <= document.documentElement.clientWidth + 0.5;
    const inContent = r.left - s.left + scroller.scrollLeft >= -0.5 && r.right - s.left + scroller.scrollLeft <= scroller.scrollWidth + 0.5;
    if (!onScreen || !inContent) unreachable.push(stage.getAttribute('data-testid') ?? '?');
  }
  return unreachable;
}

/** Runs in the page: visible page text smaller than 12 px, as "font-size: text". */
function smallText(): string[] {
  const small: string[] = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || node.textContent?.trim() === '' || parent.closest('svg, .visually-hidden')) continue;
    const box = parent.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    const px = Number.parseFloat(getComputedStyle(parent).fontSize);
    if (px < 12) small.push(`${px}px: ${node.textContent?.trim().slice(0, 30)}`);
  }
  return small;
}

/** Runs in the page: visible controls smaller than 44 x 44 px. */
function smallTargets(): string[] {
  const small: string[] = [];
  for (const el of document.querySelectorAll('button, a[href], summary, input, select')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    if (box.width < 44 || box.height < 44) small.push(`${el.getAttribute('data-testid') ?? el.textContent?.trim().slice(0, 24)} ${Math.round(box.width)}x${Math.round(box.height)}`);
  }
  return small;
}

async function openDesk(browser: TestBrowser, bridge: TestBridge<Console>): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(bridge.url);
  await waitForLink(page, 'ready');
  return page;
}

async function checkEverySize(page: Page, url: string, channels: number): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize({ width: size.width, height: size.height });
    await page.goto(`${url}/#/overview`);
    await page.getByTestId(`strip-${channels}`).waitFor();
    // Two frames: the layout after the resize has been painted.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const report = await page.evaluate(inspectOverview);
    expect({ size: size.name, ...report }).toEqual({ size: size.name, overlaps: [], clipped: [], strips: channels });

    await page.goto(`${url}/#/channel/1`);
    await page.getByTestId('ladder').waitFor();
    expect({ size: size.name, unreachable: await page.evaluate(unreachableLadderStages) }).toEqual({ size: size.name, unreachable: [] });
  }
}

describe('layout at every screen size', () => {
  let browser: TestBrowser;
  const bridges: TestBridge<Console>[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    for (const bridge of bridges) await bridge.close();
  });

  test('16 channels (the simulated band): no overlap, no clipped value, the ladder reachable', async () => {
    const bridge = await startTestBridge({ seed: 1 });
    bridges.push(bridge);
    const page = await openDesk(browser, bridge);
    await checkEverySize(page, bridge.url, 16);
    await page.close();
  }, 120_000);

  test.each([32, 40])('%i channels: no overlap, no clipped value, the ladder reachable', async (channels) => {
    const bridge = await startTestBridge({ console: new FramePumpConsole(syntheticSnapshot({ channels, buses: 16, matrices: 6 })) });
    bridges.push(bridge);
    const page = await openDesk(browser, bridge);
    await checkEverySize(page, bridge.url, channels);
    await page.close();
  }, 120_000);

  test('at 1180x820: touch targets of 44 px, no text under 12 px, every view opens at its top', async () => {
    const bridge = await startTestBridge({ seed: 1 });
    bridges.push(bridge);
    const page = await openDesk(browser, bridge);
    await page.setViewportSize({ width: 1180, height: 820 });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid^="suggestion-"]').length >= 2, null, { timeout: WAIT_MS });
    for (const view of ['overview', 'suggestions', 'soundcheck', 'journal', 'venues', 'connection']) {
      await page.getByTestId(`nav-${view}`).click();
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      expect({ view, small: await page.evaluate(smallText) }).toEqual({ view, small: [] });
      expect({ view, targets: await page.evaluate(smallTargets) }).toEqual({ view, targets: [] });
      // Scroll down, so the next view must reset the position.
      await page.locator('main').evaluate((main) => main.scrollTo(0, main.scrollHeight));
    }
    await page.getByTestId('nav-overview').click();
    expect(await page.locator('main').evaluate((main) => main.scrollTop)).toBe(0);
    await page.close();
  }, 60_000);

  test('no uncaught errors in the page', () => {
    expect(browser.pageErrors).toEqual([]);
  });
});
