/**
 * A fake X-Air (an XR18, or an XR16 whose inputs 9..16 are line inputs on headamps 17..24) on a real UDP
 * socket: 16 channels whose sources are chosen with /ch/NN/config/insrc (channels 13/14 swapped to inputs
 * 15/13, 15/16 on the aux inputs, channel 12 playing a USB return with /preamp/rtnsw), headamps 01..24,
 * 6 buses, main /lr, and meter blobs in the X-Air's format (int32 count, then int16 values in 1/256 dB,
 * little-endian).
 */
import {
  levelDb,
  levelFloat,
  linearFloat,
  linearValue,
  logFloat,
  powerSumDb,
  startFakeDesk,
  type FakeDesk,
  type FakeDeskOptions,
  type FakeDeskView,
  type FakeParam,
  type FakeValue,
} from './fake-x-desk';

const p2 = (n: number): string => String(n).padStart(2, '0');
const numbers = (count: number): number[] => Array.from({ length: count }, (_, i) => i + 1);

export const FAKE_XAIR_CHANNEL_NAMES: readonly string[] = [
  'Kick', 'Snare', 'Hat', 'Tom', 'OH L', 'OH R', 'Bass', 'Gtr', 'Keys L', 'Keys R', 'Vox 1', 'USB PB',
  'Vox 2', 'Vox 3', 'Aux L', 'Aux R',
];

/** `/ch/NN/config/insrc` per channel: 0..15 inputs 1..16, 16/17 aux L/R. */
export function fakeXAirInsrc(channel: number): number {
  if (channel === 13) return 14;
  if (channel === 14) return 12;
  if (channel === 15) return 16;
  if (channel === 16) return 17;
  return channel - 1;
}

/** The channel playing a USB return instead of its analog input. */
export const FAKE_XAIR_USB_CHANNEL = 12;

/** Initial gain of headamp 01..24, dB. */
export function fakeXAirHeadampGainDb(headamp: number): number {
  return headamp > 16 ? 5 : 20 + (headamp % 6) * 3;
}

const DYN_RATIOS = [1.1, 1.3, 1.5, 2, 2.5, 3, 4, 5, 7, 10, 20, 100];
const float = (steps: number): FakeParam => ({ type: 'f', steps });
const int = (min: number, max: number): FakeParam => ({ type: 'i', min, max });
const SWITCH = int(0, 1);
const NAME: FakeParam = { type: 's', maxLength: 12 };
// config/color: enum 0..15 = OFF RD GN YE BL MG CY WH, 8..15 inverted (Behringer X AIR OSC document, /ch/[01..16]/config/color).
const COLOR = int(0, 15);

function xairParams(): Map<string, FakeParam> {
  const params = new Map<string, FakeParam>();
  for (const ch of numbers(16)) {
    const path = `/ch/${p2(ch)}`;
    params.set(`${path}/config/name`, NAME);
    params.set(`${path}/config/color`, COLOR);
    params.set(`${path}/config/insrc`, int(0, 18));
    params.set(`${path}/preamp/rtnsw`, SWITCH);
    params.set(`${path}/preamp/rtntrim`, float(145));
    params.set(`${path}/preamp/hpon`, SWITCH);
    params.set(`${path}/preamp/hpf`, float(101));
    params.set(`${path}/eq/on`, SWITCH);
    for (const band of numbers(4)) {
      params.set(`${path}/eq/${band}/type`, int(0, 5));
      params.set(`${path}/eq/${band}/f`, float(201));
      params.set(`${path}/eq/${band}/g`, float(121));
      params.set(`${path}/eq/${band}/q`, float(72));
    }
    params.set(`${path}/dyn/on`, SWITCH);
    params.set(`${path}/dyn/thr`, float(121));
    params.set(`${path}/dyn/ratio`, int(0, 11));
    params.set(`${path}/dyn/mgain`, float(49));
    params.set(`${path}/gate/on`, SWITCH);
    params.set(`${path}/gate/thr`, float(161));
    params.set(`${path}/mix/fader`, float(1024));
    params.set(`${path}/mix/on`, SWITCH);
    params.set(`${path}/mix/lr`, SWITCH);
    for (const bus of numbers(10)) {
      params.set(`${path}/mix/${p2(bus)}/level`, float(161));
      params.set(`${path}/mix/${p2(bus)}/tap`, int(0, 5));
      params.set(`${path}/mix/${p2(bus)}/grpon`, SWITCH);
    }
  }
  for (const ha of numbers(24)) {
    params.set(`/headamp/${p2(ha)}/gain`, float(ha > 16 ? 65 : 145));
    if (ha <= 16) params.set(`/headamp/${p2(ha)}/phantom`, SWITCH);
  }
  for (const path of [...numbers(6).map((n) => `/bus/${n}`), '/lr']) {
    params.set(`${path}/config/name`, NAME);
    params.set(`${path}/config/color`, COLOR);
    params.set(`${path}/mix/fader`, float(1024));
    params.set(`${path}/mix/on`, SWITCH);
  }
  for (const out of numbers(6)) params.set(`/routing/aux/${p2(out)}/src`, int(0, 55));
  for (const side of numbers(2)) params.set(`/routing/main/${p2(side)}/src`, int(0, 10));
  return params;
}

function xairInitial(params: ReadonlyMap<string, FakeParam>): Map<string, FakeValue> {
  const state = new Map<string, FakeValue>();
  for (const [address, param] of params) state.set(address, param.type === 's' ? '' : 0);
  for (const ch of numbers(16)) {
    const path = `/ch/${p2(ch)}`;
    state.set(`${path}/config/name`, FAKE_XAIR_CHANNEL_NAMES[ch - 1] ?? '');
    state.set(`${path}/config/insrc`, fakeXAirInsrc(ch));
    state.set(`${path}/config/color`, ch <= 4 ? 1 : ch <= 8 ? 11 : 0);
    state.set(`${path}/preamp/rtnsw`, ch === FAKE_XAIR_USB_CHANNEL ? 1 : 0);
    state.set(`${path}/preamp/rtntrim`, linearFloat(ch === FAKE_XAIR_USB_CHANNEL ? 4.5 : 0, -18, 18, 145));
    state.set(`${path}/preamp/hpon`, 1);
    state.set(`${path}/preamp/hpf`, logFloat(100, 20, 400, 101));
    state.set(`${path}/eq/on`, 1);
    for (const band of numbers(4)) {
      state.set(`${path}/eq/${band}/type`, 2);
      state.set(`${path}/eq/${band}/f`, logFloat([125, 500, 2000, 10000][band - 1] ?? 1000, 20, 20000, 201));
      state.set(`${path}/eq/${band}/g`, linearFloat(0, -15, 15, 121));
      state.set(`${path}/eq/${band}/q`, logFloat(2, 10, 0.3, 72));
    }
    state.set(`${path}/dyn/on`, ch <= 2 || ch === 11 ? 1 : 0);
    state.set(`${path}/dyn/thr`, linearFloat(-18, -60, 0, 121));
    state.set(`${path}/dyn/ratio`, 5);
    state.set(`${path}/gate/thr`, linearFloat(-50, -80, 0, 161));
    state.set(`${path}/mix/fader`, levelFloat(-2, 1024));
    state.set(`${path}/mix/on`, 1);
    state.set(`${path}/mix/lr`, 1);
    for (const bus of numbers(10)) {
      state.set(`${path}/mix/${p2(bus)}/level`, bus <= 2 && ch >= 11 ? levelFloat(-4, 161) : 0);
      state.set(`${path}/mix/${p2(bus)}/tap`, bus <= 4 ? 3 : 4);
    }
  }
  for (const ha of numbers(24)) {
    state.set(`/headamp/${p2(ha)}/gain`, ha > 16 ? linearFloat(fakeXAirHeadampGainDb(ha), -12, 20, 65) : linearFloat(fakeXAirHeadampGainDb(ha), -12, 60, 145));
    if (ha <= 16) state.set(`/headamp/${p2(ha)}/phantom`, ha === 5 || ha === 6 ? 1 : 0);
  }
  numbers(6).forEach((bus) => {
    state.set(`/bus/${bus}/config/name`, ['Mon 1', 'Mon 2', 'Mon 3', 'Mon 4', 'FX', 'Sub'][bus - 1] ?? '');
    state.set(`/bus/${bus}/mix/fader`, levelFloat(0, 1024));
    state.set(`/bus/${bus}/mix/on`, 1);
  });
  state.set('/lr/mix/fader', levelFloat(0, 1024));
  state.set('/lr/mix/on', 1);
  // Aux outs 1..4 carry buses 1..4, aux out 5/6 carry main L/R; the main outs carry LR.
  numbers(6).forEach((out) => state.set(`/routing/aux/${p2(out)}/src`, out <= 4 ? 25 + out : 35 + out - 4));
  return state;
}

function num(view: FakeDeskView, address: string): number {
  const value = view.state.get(address);
  return typeof value === 'number' ? value : 0;
}

export type FakeXAirModel = 'XR18' | 'XR16';

/** The headamp behind analog input 1..16: the XR16's inputs 9..16 are line inputs 17..24. */
export function fakeXAirHeadampOfInput(model: FakeXAirModel, input: number): number {
  return model === 'XR16' && input > 8 ? input + 8 : input;
}

/** Pre-fader input level of each channel: source + headamp gain (USB returns: + return trim), jittered. */
export function fakeXAirInputLevels(view: FakeDeskView, model: FakeXAirModel): number[] {
  return numbers(16).map((ch) => {
    const path = `/ch/${p2(ch)}`;
    if (num(view, `${path}/preamp/rtnsw`) === 1) return view.sourceDbfs(ch) + linearValue(num(view, `${path}/preamp/rtntrim`), -18, 18);
    const insrc = num(view, `${path}/config/insrc`);
    if (insrc >= 18) return -Infinity;
    // The aux inputs are fixed-gain line inputs.
    if (insrc >= 16) return view.sourceDbfs(ch) - view.random();
    const headamp = fakeXAirHeadampOfInput(model, insrc + 1);
    const [min, max] = headamp > 16 ? [-12, 20] : [-12, 60];
    return view.sourceDbfs(ch) + linearValue(num(view, `/headamp/${p2(headamp)}/gain`), min, max) - view.random();
  });
}

function int16Blob(valuesDb: readonly number[]): Uint8Array {
  const blob = new Uint8Array(4 + valuesDb.length * 2);
  const dv = new DataView(blob.buffer);
  dv.setInt32(0, valuesDb.length, true);
  valuesDb.forEach((db, i) => {
    const raw = db === -Infinity ? -32768 : Math.max(-32767, Math.min(32767, Math.round(db * 256)));
    dv.setInt16(4 + i * 2, raw, true);
  });
  return blob;
}

function meters1(view: FakeDeskView, model: FakeXAirModel): Uint8Array {
  const inputs = fakeXAirInputLevels(view, model);
  const post = inputs.map((level, i) => (num(view, `/ch/${p2(i + 1)}/mix/on`) === 1 ? level + levelDb(num(view, `/ch/${p2(i + 1)}/mix/fader`)) : -Infinity));
  const buses = numbers(6).map((bus) =>
    powerSumDb(inputs.map((level, i) => level + levelDb(num(view, `/ch/${p2(i + 1)}/mix/${p2(bus)}/level`)))) +
    levelDb(num(view, `/bus/${bus}/mix/fader`)),
  );
  const main = powerSumDb(post.filter((_, i) => num(view, `/ch/${p2(i + 1)}/mix/lr`) === 1)) + levelDb(num(view, '/lr/mix/fader'));
  const silence = (count: number): number[] => Array.from({ length: count }, () => -Infinity);
  return int16Blob([...inputs, ...silence(10), ...buses, ...silence(4), main, main, ...silence(2)]);
}

function meters6(view: FakeDeskView, model: FakeXAirModel): Uint8Array {
  const inputs = fakeXAirInputLevels(view, model);
  const gate = inputs.map((level, i) => {
    const path = `/ch/${p2(i + 1)}`;
    return num(view, `${path}/gate/on`) === 1 && level < linearValue(num(view, `${path}/gate/thr`), -80, 0) ? -30 : 0;
  });
  const comp = inputs.map((level, i) => {
    const path = `/ch/${p2(i + 1)}`;
    const thresholdDb = linearValue(num(view, `${path}/dyn/thr`), -60, 0);
    if (num(view, `${path}/dyn/on`) !== 1 || level <= thresholdDb) return 0;
    return -(level - thresholdDb) * (1 - 1 / (DYN_RATIOS[num(view, `${path}/dyn/ratio`)] ?? 1));
  });
  return int16Blob([...gate, ...comp, ...Array.from({ length: 7 }, () => 0)]);
}

/** Starts a fake XR18 (or XR16) on 127.0.0.1 (port 0: read `port` from the result). */
export function startFakeXAir(options: FakeDeskOptions & { model?: FakeXAirModel } = {}): Promise<FakeDesk> {
  const model = options.model ?? 'XR18';
  const params = xairParams();
  return startFakeDesk(
    {
      // A real X-Air answers /xinfo with ip, server version, name, model, firmware.
      identity: { model, firmware: '1.18', name: `${model}-FAKE`, serverVersion: 'V0.04', xinfoExtra: ['V0.04'] },
      params,
      initial: xairInitial(params),
      meterBanks: { '/meters/1': (view) => meters1(view, model), '/meters/6': (view) => meters6(view, model) },
    },
    options,
  );
}
