/** Small helpers shared by the browser tests: reading the bridge's JSON API and the page's testids. */
import type { Page } from 'playwright-core';
import type { Suggestion } from '../../server/engine/suggestion';
import { WAIT_MS } from './browser';

export async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

/** Waits until the bridge offers a suggestion that `pick` accepts, and returns it. */
export async function waitForSuggestion(bridgeUrl: string, pick: (s: Suggestion) => boolean): Promise<Suggestion> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const found = (await getJson<Suggestion[]>(`${bridgeUrl}/api/suggestions`)).find(pick);
    if (found) return found;
    if (Date.now() > deadline) throw new Error('the bridge offered no matching suggestion in time');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Texts of every element whose testid starts with `prefix`, in page order (a canvas readout's data-value). */
export function textsOf(page: Page, prefix: string): Promise<string[]> {
  return page.evaluate(
    (p) => [...document.querySelectorAll(`[data-testid^="${p}"]`)].map((el) => (el.getAttribute('data-value') ?? el.textContent)?.trim() ?? ''),
    prefix,
  );
}

/** Waits until the page reports the bridge link as `state` (idle, connecting, syncing, ready, lost). */
export async function waitForLink(page: Page, state: string): Promise<void> {
  await page.locator(`[data-testid="connection-state"][data-state="${state}"]`).waitFor();
}

/** Waits until at least one channel's input readout differs from `before` (meters are moving). */
export async function waitForMeterChange(page: Page, before: readonly string[]): Promise<void> {
  await page.waitForFunction(
    (previous) => {
      const now = [...document.querySelectorAll('[data-testid^="meter-value-"]')].map((el) => el.getAttribute('data-value'));
      return now.length === previous.length && now.some((text, i) => text !== previous[i]);
    },
    before,
    { timeout: WAIT_MS },
  );
}

/**
 * Counts the pixels of a meter drawn in a live colour (the level zones, the clip light, the gain-reduction
 * bars): the part of the page's one meter canvas under the meter's slot. A stale meter must have none: it
 * is drawn in grey only.
 */
export function liveColouredPixels(page: Page, testId: string): Promise<number> {
  return page.getByTestId(testId).evaluate((el) => {
    const live = [
      [61, 220, 132],
      [35, 152, 90],
      [255, 176, 32],
      [255, 59, 63],
      [167, 139, 250],
      [251, 146, 60],
    ];
    const canvas = document.querySelector<HTMLCanvasElement>('canvas.meter-surface')!;
    const area = canvas.getBoundingClientRect();
    const slot = el.getBoundingClientRect();
    const ratio = canvas.width / Math.max(1, area.width);
    const x = Math.max(0, Math.round((slot.left - area.left) * ratio));
    const y = Math.max(0, Math.round((slot.top - area.top) * ratio));
    const width = Math.min(canvas.width - x, Math.round(slot.width * ratio));
    const height = Math.min(canvas.height - y, Math.round(slot.height * ratio));
    if (width <= 0 || height <= 0) return 0;
    const data = canvas.getContext('2d')!.getImageData(x, y, width, height).data;
    let count = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (live.some(([r, g, b]) => Math.abs(data[i]! - r!) <= 4 && Math.abs(data[i + 1]! - g!) <= 4 && Math.abs(data[i + 2]! - b!) <= 4)) count++;
    }
    return count;
  });
}

/** Unlocks the tablet with the engineer PIN through the UI, and waits until the bridge says engineer. */
export async function unlockTablet(page: Page, pin: string): Promise<void> {
  await page.locator('[data-testid="role"][data-role="viewer"]').click();
  await page.getByTestId('pin-input').fill(pin);
  await page.getByTestId('pin-submit').click();
  await page.locator('[data-testid="role"][data-role="engineer"]').waitFor();
}

/** Answers the bridge's second-confirmation question with Confirm; returns the question as shown. */
export async function confirmWrite(page: Page): Promise<string> {
  const dialog = page.getByTestId('confirm-dialog');
  await dialog.waitFor();
  const question = (await dialog.getByTestId('confirm-message').textContent()) ?? '';
  await dialog.getByTestId('confirm-write').click();
  await dialog.waitFor({ state: 'detached' });
  return question;
}

/** Polls `read` until it returns `expected` (bounded by WAIT_MS); returns the last value read. */
export async function waitForValue<T>(read: () => T | Promise<T>, expected: T): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const value = await read();
    if (value === expected || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Width and height of each element (by testid) in CSS px: touch targets must be at least 44 px both ways. */
export async function targetSizes(page: Page, testIds: readonly string[]): Promise<number[]> {
  const sizes: number[] = [];
  for (const testId of testIds) {
    const box = await page.getByTestId(testId).boundingBox();
    sizes.push(Math.min(box?.width ?? 0, box?.height ?? 0));
  }
  return sizes;
}
