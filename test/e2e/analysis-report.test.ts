/**
 * The analysis report (issue 19) in a real browser with the network switched off: it must draw from the
 * file alone — every channel's plot and ladder, the suggestions — and ask for nothing else.
 */
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { analyseTake } from '../../server/consoles/recording/analysis/analyse-take';
import { analysisHtml } from '../../server/consoles/recording/analysis/report-html';
import { openTake } from '../../server/consoles/recording/take';
import { defaultProfile } from '../../server/profiles/default-profile';
import { sample, tempFolder } from '../consoles/recording/real-audio';
import { launchBrowser, type TestBrowser } from './browser';

let dir = '';
let remove: () => Promise<void> = async () => undefined;
let browser: TestBrowser;
beforeAll(async () => {
  ({ dir, remove } = await tempFolder('report'));
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await remove();
});

test('the HTML report opens offline: a level plot per channel, the ladder, the suggestions, no request but the file', async () => {
  const take = join(dir, 'take');
  await mkdir(take);
  await copyFile(sample('bd_haus'), join(take, '1 Kick.flac'));
  await copyFile(sample('loop_amen'), join(take, '2 Loop.flac'));
  const analysis = await analyseTake(await openTake(take), { profile: defaultProfile(), threads: 1 });
  const file = join(dir, 'report.html');
  await writeFile(file, analysisHtml(analysis, new Date('2026-12-03T12:00:00Z')));

  await browser.context.setOffline(true);
  const requests: string[] = [];
  browser.context.on('request', (request) => requests.push(request.url()));
  const page = await browser.newPage();
  await page.goto(pathToFileURL(file).href);
  const channels = analysis.channels.length;
  expect(analysis.channels.map((c) => c.name)).toEqual(['Kick L', 'Kick R', 'Loop L', 'Loop R']);
  const headings = await page.locator('section h2').allTextContents();
  expect(headings.map((h) => h.split(' ').slice(0, 4).join(' '))).toEqual(['Ch 1 Kick L', 'Ch 2 Kick R', 'Ch 3 Loop L', 'Ch 4 Loop R']);
  expect(await page.locator('svg[role="img"] path.level').count()).toBe(channels);
  // Each plot is drawn: its level path has a real size on screen.
  for (const box of await Promise.all((await page.locator('svg[role="img"]').all()).map((svg) => svg.boundingBox()))) {
    expect(box!.width).toBeGreaterThan(100);
    expect(box!.height).toBeGreaterThan(50);
  }
  expect(await page.locator('table.ladder').count()).toBe(channels);
  const text = await page.locator('body').innerText();
  expect(analysis.suggestions.length).toBeGreaterThan(0);
  for (const s of analysis.suggestions) expect(text).toContain(s.reason);
  expect(requests).toEqual([pathToFileURL(file).href]);
  expect(browser.pageErrors).toEqual([]);
});
