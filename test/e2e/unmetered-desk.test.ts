import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { Console, ConnectionState, DeskChange, LinkCounters, ParamChange } from '../../server/consoles/console';
import type { SnapshotChanges } from '../../server/consoles/change-feed';
import { SimulatorConsole } from '../../server/consoles/simulator/simulator-console';
import type { ParamId, ParamSpec } from '../../server/model/params';
import type { ConsoleIdentity, ConsoleSnapshot } from '../../server/model/stages';
import type { Unsubscribe } from '../../server/model/topic';
import { startTestBridge, type TestBridge } from '../support/test-bridge';
import { launchBrowser, type TestBrowser } from './browser';
import { waitForLink } from './page-helpers';

const NOTES = [
  'Writes count as confirmed when the desk echoes them back.',
  'This desk sends no meters: levels are not judged, settings are.',
];

/** The simulator as a MIDI desk looks to Headroom: every setting, no meters at all, and notes about the link. */
class UnmeteredDesk implements Console {
  readonly #desk = new SimulatorConsole({ seed: 1, autoRun: true });
  #source: ConsoleSnapshot | null = null;
  #shown: ConsoleSnapshot | null = null;

  start(signal: AbortSignal): Promise<void> {
    return this.#desk.start(signal);
  }

  state(): ConnectionState {
    return this.#desk.state();
  }

  identity(): ConsoleIdentity {
    return { ...this.#desk.identity(), kind: 'midi', model: 'Test MIDI desk', notes: NOTES };
  }

  snapshot(): ConsoleSnapshot {
    const source = this.#desk.snapshot();
    if (source !== this.#source || this.#shown === null) {
      this.#source = source;
      const meters = { channelInput: false, gateReduction: false, dynamicsReduction: false, channelPostFader: false, buses: false, matrices: false, main: false };
      this.#shown = { ...source, identity: this.identity(), meters };
    }
    return this.#shown;
  }

  paramSpec(param: ParamId): ParamSpec | undefined {
    return this.#desk.paramSpec(param);
  }

  apply(change: ParamChange): Promise<number> {
    return this.#desk.apply(change);
  }

  unknownAddresses(): readonly string[] {
    return this.#desk.unknownAddresses();
  }

  counters(): LinkCounters {
    return this.#desk.counters();
  }

  onMeters(): Unsubscribe {
    return () => undefined;
  }

  onDeskChange(listener: (change: DeskChange) => void): Unsubscribe {
    return this.#desk.onDeskChange(listener);
  }

  onState(listener: (state: ConnectionState) => void): Unsubscribe {
    return this.#desk.onState(listener);
  }

  onChanges(listener: (batch: SnapshotChanges) => void): Unsubscribe {
    return this.#desk.onChanges((batch) => listener({ changes: batch.changes, snapshot: this.snapshot() }));
  }
}

describe('a desk that sends no meters', () => {
  let bridge: TestBridge<UnmeteredDesk>;
  let browser: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    bridge = await startTestBridge({ console: new UnmeteredDesk() });
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.goto(bridge.url);
    await page.getByTestId('strip-1').waitFor();
    await waitForLink(page, 'ready');
  });

  afterAll(async () => {
    await browser?.close();
    await bridge?.close();
  });

  test('the overview says there are no meters instead of drawing dead ones, and still shows the settings', async () => {
    expect(await page.getByTestId('no-meters').textContent()).toContain('No meters from this console');
    // Without meters there is nothing to go stale: the header does not cry STALE for a desk that never meters.
    expect(await page.getByTestId('stale').count()).toBe(0);
    expect(await page.locator('[data-testid^="meter-"]').count()).toBe(0);
    expect(await page.getByTestId('unmetered-1').textContent()).toBe('no meter');
    expect(Number.parseFloat((await page.getByTestId('gain-1').textContent()) ?? '')).toBeCloseTo(bridge.console.snapshot().channels[0]!.preampGainDb!, 1);
  });

  test('the engine says what it cannot judge, as notes about the console that badge no strip', async () => {
    const note = page.locator('[data-testid^="suggestion-"]', { hasText: /No (\w+ )?meters? .*from the console|No \w+ meters from this console/ }).first();
    await note.waitFor();
    expect(await note.locator('h3').textContent()).toBe('Console');
    expect(await note.getAttribute('data-severity')).toBe('info');
    expect(await page.getByTestId('main-badge').count()).toBe(0);
  });

  test('the connection panel shows what the desk’s link means', async () => {
    await page.getByTestId('nav-connection').click();
    expect(await page.getByTestId('panel-notes').locator('li').allTextContents()).toEqual(NOTES);
    expect(await page.getByTestId('panel-model').textContent()).toBe('Test MIDI desk');
    expect(await page.getByTestId('panel-meters').textContent()).toContain('this desk sends no meters');
  });

  test('no uncaught errors in the page', () => {
    expect(browser.pageErrors).toEqual([]);
  });
});
