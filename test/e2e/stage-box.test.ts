/**
 * The two-desk view in a real browser: two fake X32s on one stage box, each with its own bridge. The FOH
 * tablet shows both desks, who owns each shared preamp and each desk's channel and trim on it; switching
 * tracking on there makes a gain turned at FOH show up as a tracked change; on the monitor desk's tablet
 * (reached from the desk picker) the same change is undone on both desks. A gain on a shared preamp that
 * asks for a second confirmation at FOH names, in the question, the monitor desk's trim that will follow it;
 * a gain card says it before Apply, and while it asks, the Stage box view shows its change set on each desk.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { linearFloat } from '../fakes/fake-x-desk';
import { fakeX32GainDb } from '../fakes/fake-x32';
import { TEST_PIN } from '../support/test-bridge';
import { startTestDeskSet, type TestDeskSet } from '../support/test-desk-set';
import { launchBrowser, type TestBrowser } from './browser';
import { confirmWrite, unlockTablet, waitForLink } from './page-helpers';

const gainFloat = (db: number) => linearFloat(db, -12, 60, 145);
const trimFloat = (db: number) => linearFloat(db, -18, 18, 145);
const text = async (page: Page, testId: string) => ((await page.getByTestId(testId).innerText()) ?? '').replace(/\s+/g, ' ').trim();

describe('two desks on one stage box', () => {
  let desks: TestDeskSet;
  let browser: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    desks = await startTestDeskSet();
    // Syncing two desks of 2,400 values each over UDP is CPU-bound: the page opens once both are in.
    await desks.ready();
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.goto(`${desks.bridges.foh.url}/#/stage-box`);
    await waitForLink(page, 'ready');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await desks?.close();
  });

  test('the FOH tablet shows both desks and who owns each shared preamp', { timeout: 60_000 }, async () => {
    await page.getByTestId('preamp-8').waitFor();
    expect(await text(page, 'desk-foh')).toBe('FOH foh');
    expect(await page.getByTestId('desk-foh').getAttribute('aria-current')).toBe('page');
    expect(await page.getByTestId('desk-mon').getAttribute('href')).toBe(`http://127.0.0.1:${desks.bridges.mon.port}/#/stage-box`);
    expect(await page.locator('[data-testid^="preamp-"]').count()).toBe(9);
    expect(await text(page, 'owner-1')).toBe('FOH (this desk)');
    expect(await text(page, 'cell-1-foh')).toBe('Ch 17 Sax trim 0.0 dB');
    expect(await text(page, 'cell-1-mon')).toBe('Ch 17 Sax trim 0.0 dB');
    expect((await page.getByTestId('tracking-state-mon').textContent())?.trim()).toBe('off');
    expect(browser.pageErrors).toEqual([]);
  });

  test('tracking switched on at FOH: a gain turned at FOH is tracked on the monitor trim and undone on both from the monitor tablet', { timeout: 60_000 }, async () => {
    await unlockTablet(page, TEST_PIN);
    await page.getByTestId('tracking-mon').locator('input').check();
    await page.locator('[data-testid="tracking-state-mon"]', { hasText: 'on' }).waitFor();

    const beforeDb = fakeX32GainDb(19);
    desks.fakes.foh.setFromDesk('/headamp/034/gain', gainFloat(beforeDb + 3));
    const tracked = page.locator('[data-testid="tracked-changes"] li').first();
    await tracked.waitFor();
    expect((await tracked.innerText()).replace(/\s+/g, ' ')).toContain('FOH +3.0 dB on box input 3 (at the desk), tracked on Monitors');
    await page.locator('[data-testid="cell-3-mon"]', { hasText: 'trim -3.0 dB' }).waitFor();
    expect(desks.fakes.mon.state.get('/ch/19/preamp/trim')).toBe(trimFloat(-3));

    await page.getByTestId('desk-mon').click();
    await page.waitForURL(`http://127.0.0.1:${desks.bridges.mon.port}/#/stage-box`);
    await waitForLink(page, 'ready');
    await page.getByTestId('preamp-3').waitFor();
    expect(await text(page, 'owner-3')).toBe('FOH');
    expect(await page.getByTestId('desk-mon').getAttribute('aria-current')).toBe('page');
    await unlockTablet(page, TEST_PIN);
    await page.getByRole('button', { name: 'Undo on every desk' }).first().click();
    await page.locator('[data-testid="tracked-changes"] li .undone').first().waitFor();
    await page.locator('[data-testid="cell-3-mon"]', { hasText: 'trim 0.0 dB' }).waitFor();
    expect(desks.fakes.mon.state.get('/ch/19/preamp/trim')).toBe(trimFloat(0));
    expect(desks.fakes.foh.state.get('/headamp/034/gain')).toBe(gainFloat(beforeDb));
    expect(browser.pageErrors).toEqual([]);
  });

  test('undoing a FOH gain over the step limit asks at FOH, and the question names the monitor trim that follows', { timeout: 60_000 }, async () => {
    const beforeDb = fakeX32GainDb(20);
    const outcome = await desks.bridges.foh.bridge.writer.applyAll({
      changes: [{ param: 'ch.20.preampGainDb', value: beforeDb + 8 }],
      client: 'test-tablet',
      origin: 'test',
      confirmed: true,
      soundcheckId: null,
      onFailure: 'stop',
      purpose: 'any',
    });
    const seq = outcome.entries[0]!.seq;
    // The tracker answers once the desk reports the gain (its UDP echo): wait for the trim it writes.
    await expect.poll(() => desks.fakes.mon.state.get('/ch/20/preamp/trim'), { timeout: 10_000 }).toBe(trimFloat(-8));

    await page.goto(`${desks.bridges.foh.url}/#/journal`);
    await waitForLink(page, 'ready');
    const role = page.locator('[data-testid="role"]');
    await role.waitFor();
    if ((await role.getAttribute('data-role')) !== 'engineer') await unlockTablet(page, TEST_PIN);
    await page.getByTestId(`journal-undo-${seq}`).click();
    const question = (await confirmWrite(page)).replace(/\s+/g, ' ');
    expect(question).toContain('Steps over the 6 dB limit: Ch 20 Perc preamp gain 8.0 dB.');
    expect(question).toContain('On Monitors: Ch 20 Perc trim -8.0 -> 0.0 dB against box input 4, so its mixes stay.');
    await page.getByTestId(`journal-undone-${seq}`).waitFor();
    expect(desks.fakes.foh.state.get('/headamp/035/gain')).toBe(gainFloat(beforeDb));
    await expect.poll(() => desks.fakes.mon.state.get('/ch/20/preamp/trim'), { timeout: 10_000 }).toBe(trimFloat(0));
    expect(browser.pageErrors).toEqual([]);
  });

  test('a gain card on a shared preamp names the monitor trim; while it asks, the Stage box view shows its change set on both desks', { timeout: 60_000 }, async () => {
    // The fake's Host Mic (Ch 24, box input 8) sits at 20 dB: the engine proposes 32.5 dB, a step over the limit.
    await page.goto(`${desks.bridges.foh.url}/#/suggestions`);
    await waitForLink(page, 'ready');
    const card = page.getByTestId('suggestion-preamp-target:ch24:preamp');
    await card.locator('[data-testid="other-desk"]').waitFor();
    expect(await card.getByTestId('other-desk').innerText()).toBe('On Monitors: Ch 24 Host Mic trim 0.0 -> -12.5 dB against box input 8, so its mixes stay.');
    const role = page.locator('[data-testid="role"]');
    await role.waitFor();
    if ((await role.getAttribute('data-role')) !== 'engineer') await unlockTablet(page, TEST_PIN);
    // The live band may move the proposal between drawing and tapping: the card then says so and is tapped again.
    for (let tap = 0; tap < 3 && (await card.getByTestId('confirm-apply').count()) === 0; tap++) {
      await card.getByTestId('apply').click();
      await card.locator('[data-testid="confirm-apply"], [data-testid="changed-since-seen"]').first().waitFor();
    }
    const question = (await card.getByTestId('confirm-message').innerText()).replace(/\s+/g, ' ');
    expect(question).toContain('On Monitors: Ch 24 Host Mic trim 0.0 -> -12.5 dB against box input 8, so its mixes stay.');

    await page.evaluate(() => {
      location.hash = '#/stage-box';
    });
    const preview = page.getByTestId('pending-preview');
    await preview.locator('[data-testid="preview-mon"]').waitFor();
    expect((await preview.locator('h3').innerText()).replace(/\s+/g, ' ')).toBe('Waiting for your confirmation: Ch 24 Host Mic: gain to +32.5 dB');
    expect((await preview.getByTestId('preview-mon').innerText()).replace(/\s+/g, ' ')).toMatch(/^Monitors Ch 24 trim -12\.5 dB .*±0\.0 dB/);
    expect((await preview.getByTestId('preview-foh').innerText()).replace(/\s+/g, ' ')).toMatch(/^FOH \(this desk\) Ch 24 gain \+32\.5 dB, .*Ch 24 fader -12\.5 dB PA: ±0\.0 dB$/);
    // Nothing was written while it asks.
    expect(desks.fakes.mon.state.get('/ch/24/preamp/trim')).toBe(trimFloat(0));
    expect(desks.fakes.foh.state.get('/headamp/039/gain')).toBe(gainFloat(fakeX32GainDb(24)));

    await page.evaluate(() => {
      location.hash = '#/suggestions';
    });
    await card.getByTestId('cancel-confirm').click();
    await page.evaluate(() => {
      location.hash = '#/stage-box';
    });
    await page.getByTestId('preamp-table').waitFor();
    expect(await page.getByTestId('pending-preview').count()).toBe(0);
    expect(browser.pageErrors).toEqual([]);
  });
});
