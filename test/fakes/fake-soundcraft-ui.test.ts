/**
 * The fake Ui checked against the reference implementation of the protocol: soundcraft-ui-connection
 * (a dev dependency, used here only as an oracle) connects to the fake over a real WebSocket and must read
 * the model, names, gains, faders, sends and VU meters the fake holds, and its writes must land. If the
 * fake drifted from what the library (and so the desk's web app) speaks, the adapter's tests against the
 * fake would prove nothing; this keeps them honest.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { SoundcraftUI } from 'soundcraft-ui-connection';
import WebSocket from 'ws';
import { fakeUiGainDb, fakeUiGainValue, startFakeUi, type FakeUi } from './fake-soundcraft-ui';

/**
 * The library's streams are Observables of its bundled RxJS (its type declarations name `rxjs`, which it does
 * not install, so they arrive untyped here): subscribe for the first value, typed by the caller.
 */
interface Stream<T> {
  subscribe(next: (value: T) => void): { unsubscribe(): void };
}

function first<T>(stream: Stream<T>, accept: (value: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve) => {
    let done = false;
    const subscription = stream.subscribe((value) => {
      if (done || !accept(value)) return;
      done = true;
      resolve(value);
      queueMicrotask(() => subscription.unsubscribe());
    });
  });
}

let fake: FakeUi;
let library: SoundcraftUI;

beforeAll(async () => {
  fake = await startFakeUi({ model: 'ui24' });
  // The library builds `ws://${targetIP}`: host and port together reach the fake's port.
  library = new SoundcraftUI({ targetIP: `127.0.0.1:${fake.port}`, webSocketCtor: WebSocket as unknown as typeof globalThis.WebSocket });
  await library.connect();
});
afterAll(async () => {
  await library?.disconnect();
  await fake?.stop();
});

test('the library reads the fake\'s dump: model, firmware, names, faders, gains, phantom, sends', async () => {
  expect(await first(library.deviceInfo.model$)).toBe('ui24');
  expect(await first(library.deviceInfo.firmware$)).toBe('3.3.8293-ui24');
  expect(await first(library.master.input(1).name$)).toBe('KICK');
  expect(await first(library.master.input(21).name$)).toBe('CH 21');
  expect(await first<number>(library.master.input(1).faderLevelDB$)).toBeCloseTo(0, 6);
  expect(await first(library.hw(3).gainDB$)).toBe(fakeUiGainDb(3));
  expect(await first(library.hw(6).phantom$)).toBe(1);
  expect(await first(library.master.aux(1).name$)).toBe('MON 1');
  expect(await first(library.aux(1).input(13).post$)).toBe(0);
  expect(await first(library.aux(1).input(13).faderLevelDB$)).toBeLessThan(0);
});

test('the library decodes the fake\'s VU frames: channel 3 pre-fader at its source level plus gain', async () => {
  const vu = await first<{ vuPre: number }>(library.vuProcessor.input(3));
  expect(-80 + vu.vuPre * 80).toBeCloseTo(-50 + fakeUiGainDb(3), 0);
  const master = await first<{ vuPostFaderL: number }>(library.vuProcessor.master());
  expect(master.vuPostFaderL).toBeGreaterThan(0);
});

test('a write from the library lands in the fake, and a desk change reaches the library', async () => {
  library.hw(3).setGainDB(30);
  await expect.poll(() => fake.value('hw.2.gain')).toBeCloseTo(fakeUiGainValue('ui24', 30), 9);
  fake.setFromDesk('i.0.mix', 0.7115203608991578);
  expect(await first<number>(library.master.input(1).faderLevelDB$, (db) => db !== 0)).toBe(-2);
});
