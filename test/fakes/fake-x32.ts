/**
 * A fake X32 on a real UDP socket: a band's soundcheck state (channel names, headamp gains through the
 * /-ha channel-to-headamp mapping with an AES50 stage box on channels 17..24 and USB on 31/32), and meter
 * blobs in the X32's format (int32 count and float32 values, both little-endian) that follow the gains.
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
const p3 = (n: number): string => String(n).padStart(3, '0');
const numbers = (count: number): number[] => Array.from({ length: count }, (_, i) => i + 1);

export const FAKE_X32_CHANNEL_NAMES: readonly string[] = [
  'Kick', 'Snare', 'Hi-Hat', 'Tom 1', 'Tom 2', 'OH L', 'OH R', 'Bass DI',
  'Gtr L', 'Gtr R', 'Keys L', 'Keys R', 'Vox Lead', 'Vox BV1', 'Vox BV2', 'Playback',
  'Sax', 'Trumpet', 'Trombone', 'Perc', 'Shaker', 'Choir L', 'Choir R', 'Host Mic',
  '', '', '', '', '', '', 'USB L', 'USB R',
];

/** `/-ha/NN/index` per channel: local 000..015, stage box on AES50-A 032..039, local 016..021, USB none. */
export function fakeX32HeadampOf(channel: number): number {
  if (channel <= 16) return channel - 1;
  if (channel <= 24) return 32 + channel - 17;
  if (channel <= 30) return 16 + channel - 25;
  return -1;
}

/** Initial headamp gain of the headamp behind a channel, dB. */
export function fakeX32GainDb(channel: number): number {
  return 20 + (channel % 8) * 2.5;
}

const DYN_RATIOS = [1.1, 1.3, 1.5, 2, 2.5, 3, 4, 5, 7, 10, 20, 100];
const FADER_STEPS = 1024;
const SEND_STEPS = 161;

const float = (steps: number): FakeParam => ({ type: 'f', steps });
const int = (min: number, max: number): FakeParam => ({ type: 'i', min, max });
const SWITCH = int(0, 1);
const NAME: FakeParam = { type: 's', maxLength: 12 };
// config/color: enum 0..15 = OFF RD GN YE BL MG CY WH, 8..15 the same inverted (Unofficial X32/M32 OSC Remote Protocol, /ch/[01..32]/config/color).
const COLOR = int(0, 15);
/** Scribble-strip colour of each channel on the fake X32: drums red, bass blue, guitars yellow, keys green, vocals inverted magenta. */
export function fakeX32ColorOf(channel: number): number {
  if (channel <= 7) return 1;
  if (channel === 8) return 4;
  if (channel <= 10) return 3;
  if (channel <= 12) return 2;
  return channel <= 15 ? 13 : 0;
}

function x32Params(): Map<string, FakeParam> {
  const params = new Map<string, FakeParam>();
  for (const ch of numbers(32)) {
    const path = `/ch/${p2(ch)}`;
    params.set(`${path}/config/name`, NAME);
    params.set(`${path}/config/color`, COLOR);
    params.set(`/-ha/${p2(ch - 1)}/index`, int(-1, 127));
    params.set(`${path}/preamp/trim`, float(145));
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
    params.set(`${path}/mix/fader`, float(FADER_STEPS));
    params.set(`${path}/mix/on`, SWITCH);
    params.set(`${path}/mix/st`, SWITCH);
    params.set(`${path}/mix/pan`, float(101));
    for (const bus of numbers(16)) {
      params.set(`${path}/mix/${p2(bus)}/level`, float(SEND_STEPS));
      params.set(`${path}/mix/${p2(bus)}/on`, SWITCH);
      if (bus % 2 === 1) params.set(`${path}/mix/${p2(bus)}/type`, int(0, 5));
    }
  }
  for (const ha of numbers(128)) {
    params.set(`/headamp/${p3(ha - 1)}/gain`, float(145));
    params.set(`/headamp/${p3(ha - 1)}/phantom`, SWITCH);
  }
  const strips = [...numbers(16).map((n) => `/bus/${p2(n)}`), ...numbers(6).map((n) => `/mtx/${p2(n)}`), '/main/st'];
  for (const path of strips) {
    params.set(`${path}/config/name`, NAME);
    params.set(`${path}/config/color`, COLOR);
    params.set(`${path}/mix/fader`, float(FADER_STEPS));
    params.set(`${path}/mix/on`, SWITCH);
  }
  for (const out of numbers(16)) params.set(`/outputs/main/${p2(out)}/src`, int(0, 76));
  return params;
}

const BUS_NAMES = ['Mon 1', 'Mon 2', 'Mon 3', 'Mon 4', 'Drum Fill', 'Side L', 'IEM L', 'IEM R', 'FX 1', 'FX 2', 'FX 3', 'FX 4', '', '', 'Sub', 'Rec'];
const MATRIX_NAMES = ['Fill L', 'Fill R', 'Delay', 'Lobby', '', ''];

function x32Initial(params: ReadonlyMap<string, FakeParam>): Map<string, FakeValue> {
  const state = new Map<string, FakeValue>();
  for (const [address, param] of params) state.set(address, param.type === 's' ? '' : 0);
  for (const ch of numbers(32)) {
    const path = `/ch/${p2(ch)}`;
    const name = FAKE_X32_CHANNEL_NAMES[ch - 1] ?? '';
    const drum = ch <= 7;
    state.set(`${path}/config/name`, name);
    state.set(`${path}/config/color`, fakeX32ColorOf(ch));
    state.set(`/-ha/${p2(ch - 1)}/index`, fakeX32HeadampOf(ch));
    state.set(`${path}/preamp/trim`, linearFloat(0, -18, 18, 145));
    state.set(`${path}/preamp/hpon`, ch === 1 || ch === 8 ? 0 : 1);
    state.set(`${path}/preamp/hpf`, logFloat(ch === 13 ? 120 : 80, 20, 400, 101));
    state.set(`${path}/eq/on`, 1);
    for (const band of numbers(4)) {
      state.set(`${path}/eq/${band}/type`, band === 1 ? 1 : band === 4 ? 4 : 2);
      state.set(`${path}/eq/${band}/f`, logFloat([120, 500, 2000, 8000][band - 1] ?? 1000, 20, 20000, 201));
      state.set(`${path}/eq/${band}/g`, linearFloat(ch === 1 && band === 1 ? 3 : 0, -15, 15, 121));
      state.set(`${path}/eq/${band}/q`, logFloat(2, 10, 0.3, 72));
    }
    state.set(`${path}/dyn/on`, ch === 1 || ch === 2 || ch === 8 || ch >= 13 ? 1 : 0);
    state.set(`${path}/dyn/thr`, linearFloat(-20, -60, 0, 121));
    state.set(`${path}/dyn/ratio`, 6);
    state.set(`${path}/dyn/mgain`, linearFloat(ch === 8 ? 3 : 0, 0, 24, 49));
    state.set(`${path}/gate/on`, ch === 4 || ch === 5 ? 1 : 0);
    state.set(`${path}/gate/thr`, linearFloat(-40, -80, 0, 161));
    state.set(`${path}/mix/fader`, name === '' ? 0 : levelFloat(drum ? -5 : 0, FADER_STEPS));
    state.set(`${path}/mix/on`, 1);
    state.set(`${path}/mix/st`, name === '' ? 0 : 1);
    state.set(`${path}/mix/pan`, 0.5);
    for (const bus of numbers(16)) {
      const monitor = bus <= 4 && ch >= 13 && ch <= 15;
      state.set(`${path}/mix/${p2(bus)}/level`, monitor ? levelFloat(-3, SEND_STEPS) : 0);
      state.set(`${path}/mix/${p2(bus)}/on`, 1);
      if (bus % 2 === 1) state.set(`${path}/mix/${p2(bus)}/type`, bus <= 8 ? 3 : 4);
    }
    const headamp = fakeX32HeadampOf(ch);
    if (headamp >= 0) {
      state.set(`/headamp/${p3(headamp)}/gain`, linearFloat(fakeX32GainDb(ch), -12, 60, 145));
      state.set(`/headamp/${p3(headamp)}/phantom`, ch === 6 || ch === 7 || ch === 11 || ch === 12 ? 1 : 0);
    }
  }
  numbers(16).forEach((bus) => {
    state.set(`/bus/${p2(bus)}/config/name`, BUS_NAMES[bus - 1] ?? '');
    state.set(`/bus/${p2(bus)}/config/color`, bus <= 4 ? 6 : 0);
    state.set(`/bus/${p2(bus)}/mix/fader`, levelFloat(0, FADER_STEPS));
    state.set(`/bus/${p2(bus)}/mix/on`, 1);
  });
  numbers(6).forEach((mtx) => {
    state.set(`/mtx/${p2(mtx)}/config/name`, MATRIX_NAMES[mtx - 1] ?? '');
    state.set(`/mtx/${p2(mtx)}/mix/fader`, levelFloat(mtx <= 2 ? -6 : -90, FADER_STEPS));
    state.set(`/mtx/${p2(mtx)}/mix/on`, 1);
  });
  state.set('/main/st/mix/fader', levelFloat(0, FADER_STEPS));
  state.set('/main/st/mix/on', 1);
  // Out 1/2 Main L/R, Out 3..8 Mon buses, Out 9/10 Matrix 1/2, Out 11..16 off.
  numbers(16).forEach((out) => {
    const src = out <= 2 ? out : out <= 8 ? out + 1 : out <= 10 ? 20 + out - 9 : 0;
    state.set(`/outputs/main/${p2(out)}/src`, src);
  });
  return state;
}

function num(view: FakeDeskView, address: string): number {
  const value = view.state.get(address);
  return typeof value === 'number' ? value : 0;
}

/** Pre-fader input level of each channel: source + headamp gain + trim, with up to 1 dB of jitter. */
export function fakeX32InputLevels(view: FakeDeskView): number[] {
  return numbers(32).map((ch) => {
    const headamp = num(view, `/-ha/${p2(ch - 1)}/index`);
    const gainDb = headamp >= 0 ? linearValue(num(view, `/headamp/${p3(headamp)}/gain`), -12, 60) : 0;
    const trimDb = linearValue(num(view, `/ch/${p2(ch)}/preamp/trim`), -18, 18);
    return view.sourceDbfs(ch) + gainDb + trimDb - view.random();
  });
}

function floatBlob(valuesDb: readonly number[], linear = false): Uint8Array {
  const blob = new Uint8Array(4 + valuesDb.length * 4);
  const dv = new DataView(blob.buffer);
  dv.setInt32(0, valuesDb.length, true);
  valuesDb.forEach((value, i) => dv.setFloat32(4 + i * 4, linear ? value : value === -Infinity ? 0 : Math.pow(10, value / 20), true));
  return blob;
}

function meters1(view: FakeDeskView): Uint8Array {
  const inputs = fakeX32InputLevels(view);
  const gate = inputs.map((level, i) => {
    const path = `/ch/${p2(i + 1)}`;
    return num(view, `${path}/gate/on`) === 1 && level < linearValue(num(view, `${path}/gate/thr`), -80, 0) ? 0.1 : 1;
  });
  const dyn = inputs.map((level, i) => {
    const path = `/ch/${p2(i + 1)}`;
    const thresholdDb = linearValue(num(view, `${path}/dyn/thr`), -60, 0);
    if (num(view, `${path}/dyn/on`) !== 1 || level <= thresholdDb) return 1;
    const ratio = DYN_RATIOS[num(view, `${path}/dyn/ratio`)] ?? 1;
    return Math.pow(10, -((level - thresholdDb) * (1 - 1 / ratio)) / 20);
  });
  const linear = [...inputs.map((db) => Math.pow(10, db / 20)), ...gate, ...dyn];
  return floatBlob(linear, true);
}

function meters2(view: FakeDeskView): Uint8Array {
  const inputs = fakeX32InputLevels(view);
  const post = inputs.map((level, i) => (num(view, `/ch/${p2(i + 1)}/mix/on`) === 1 ? level + levelDb(num(view, `/ch/${p2(i + 1)}/mix/fader`)) : -Infinity));
  const buses = numbers(16).map((bus) => {
    const feeds = inputs.map((level, i) => {
      const path = `/ch/${p2(i + 1)}/mix/${p2(bus)}`;
      return num(view, `${path}/on`) === 1 ? level + levelDb(num(view, `${path}/level`)) : -Infinity;
    });
    return powerSumDb(feeds) + levelDb(num(view, `/bus/${p2(bus)}/mix/fader`));
  });
  const main = powerSumDb(post.filter((_, i) => num(view, `/ch/${p2(i + 1)}/mix/st`) === 1)) + levelDb(num(view, '/main/st/mix/fader'));
  const matrices = numbers(6).map((mtx) => main + levelDb(num(view, `/mtx/${p2(mtx)}/mix/fader`)));
  const reductions = Array.from({ length: 24 }, () => 0);
  return floatBlob([...buses, ...matrices, main, main, -Infinity, ...reductions]);
}

/** Starts a fake X32 on 127.0.0.1 (port 0: read `port` from the result). */
export function startFakeX32(options: FakeDeskOptions = {}): Promise<FakeDesk> {
  const params = x32Params();
  return startFakeDesk(
    {
      identity: { model: 'X32', firmware: '4.06', name: 'X32-FAKE', serverVersion: 'V2.07', xinfoExtra: [] },
      params,
      initial: x32Initial(params),
      meterBanks: { '/meters/1': meters1, '/meters/2': meters2 },
    },
    options,
  );
}
