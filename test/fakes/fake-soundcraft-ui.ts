/**
 * A fake Soundcraft Ui (Ui12, Ui16 or Ui24R) on a real WebSocket server, speaking what the desk's web app
 * and the soundcraft-ui-connection library expect. Written from the library's source and docs
 * (fmalcher/soundcraft-ui, packages/mixer-connection/src/lib and docs/docs), independently of the adapter's
 * tables: it is the other side of the wire. Sources beside each format:
 *   [MC]  mixer-connection.ts: every frame is `3:::` + text; several lines per frame; `ALIVE` from clients
 *   [HOW] docs/docs/more/howitworks.md: `SETD^key^value` / `SETS^key^text`; the whole state to a new client;
 *         each change to "all other connected clients"
 *   [VU]  vu/vu.utils.ts: `VU2^` + base64 of an 8-byte header (strip counts) and per-strip blocks
 *   [HW]  facade/hw-channel.ts: gain 0..1 = -6..57 dB on `hw.N` (Ui24R), -40..50 dB on `i.N` (Ui12/16)
 *   [CAP] device-capabilities.ts: inputs, aux and FX per model; [EX] example-state.json: `i.N.src` = `hw.K`
 */
import { WebSocketServer, type WebSocket } from 'ws';
import { seededRandom } from './fake-x-desk';

export type FakeUiModel = 'ui12' | 'ui16' | 'ui24';

export interface FakeUiOptions {
  /** TCP port of the web server (default 0: any free port). */
  port?: number;
  model?: FakeUiModel;
  seed?: number;
  /** Period of the VU frames (default 50 ms). */
  vuIntervalMs?: number;
  /** Source level of every channel, dBFS before the preamp (default -50). */
  defaultSourceDbfs?: number;
  /** Also send a client its own changes back ([HOW] says only the others get them; default false). */
  echoToSender?: boolean;
  /** Keys this desk leaves out of its dump (an older firmware). */
  without?: RegExp;
  /** What the desk stores for a number a client writes (default: the number sent); its report carries it. */
  storeWrite?: (key: string, sent: number, held: number | string | undefined) => number;
}

export interface FakeUi {
  port: number;
  value(key: string): number | string | undefined;
  /** A change made at the desk: every client hears it. */
  setFromDesk(key: string, value: number | string): void;
  /** A silent desk sends nothing (no dump, no meters) and ignores what it receives. */
  setSilent(silent: boolean): void;
  setSourceLevel(channel: number, dbfs: number): void;
  /** Closes every client's WebSocket, as a reboot of the desk's web server would. */
  dropClients(): void;
  clients(): number;
  /** Lines received per command (`SETD`, `ALIVE`...). */
  received(command: string): number;
  /** Sends a raw text frame to every client (tests of malformed input). */
  sendRaw(text: string): void;
  stop(): Promise<void>;
}

const LAYOUT: Record<FakeUiModel, { inputs: number; aux: number; fx: number; sub: number; firmware: string }> = {
  // [CAP]
  ui12: { inputs: 8, aux: 4, fx: 4, sub: 4, firmware: '1.0.7626-ui12' },
  ui16: { inputs: 12, aux: 6, fx: 4, sub: 4, firmware: '1.0.7626-ui16' },
  ui24: { inputs: 24, aux: 10, fx: 4, sub: 6, firmware: '3.3.8293-ui24' },
};

export const FAKE_UI_CHANNEL_NAMES: readonly string[] = [
  'KICK', 'SNARE', 'HI-HAT', 'TOM 1', 'TOM 2', 'OH L', 'OH R', 'BASS DI',
  'GTR L', 'GTR R', 'KEYS L', 'KEYS R', 'VOX LEAD', 'VOX BV1', 'VOX BV2', 'PLAYBACK',
  'SAX', 'TRUMPET', 'TROMBONE', 'PERC', '', '', 'USB L', 'USB R',
];

/** Preamp gain of a channel in the fake, dB (inside every model's range). */
export function fakeUiGainDb(channel: number): number {
  return 20 + (channel % 8) * 2.5;
}

/** [HW]: the gain range of a model's preamps. */
function gainRange(model: FakeUiModel): { min: number; max: number } {
  return model === 'ui24' ? { min: -6, max: 57 } : { min: -40, max: 50 };
}

/** The raw 0..1 value the desk stores for a gain in dB. */
export function fakeUiGainValue(model: FakeUiModel, gainDb: number): number {
  const { min, max } = gainRange(model);
  return Number(((gainDb - min) / (max - min)).toFixed(10));
}

/** The preamp a channel plays on this fake: on the Ui24R the last two channels play USB (`src` none) [EX]. */
function preampKey(model: FakeUiModel, channel: number): string | null {
  if (model !== 'ui24') return `i.${channel - 1}`;
  return channel > 22 ? null : `hw.${channel - 1}`;
}

/** Unity on the fader: 0 dB is 0.7647058823 (the fixtures of value-converters/benchmarks-calculations/db-calculations.spec.ts). */
const UNITY = 0.7647058823;

function initialState(model: FakeUiModel): Map<string, number | string> {
  const layout = LAYOUT[model];
  const state = new Map<string, number | string>();
  state.set('model', model);
  state.set('firmware', layout.firmware);
  for (let ch = 1; ch <= layout.inputs; ch++) {
    const path = `i.${ch - 1}`;
    const name = FAKE_UI_CHANNEL_NAMES[ch - 1] ?? '';
    state.set(`${path}.name`, name);
    state.set(`${path}.mix`, name === '' ? 0 : UNITY);
    state.set(`${path}.mute`, 0);
    const preamp = preampKey(model, ch);
    if (model === 'ui24') state.set(`${path}.src`, preamp ?? 'none');
    if (preamp !== null) {
      state.set(`${preamp}.gain`, fakeUiGainValue(model, fakeUiGainDb(ch)));
      state.set(`${preamp}.phantom`, ch === 6 || ch === 7 ? 1 : 0);
    }
    // Processing the adapter does not model, present as on a desk [EX].
    state.set(`${path}.eq.bypass`, 0);
    state.set(`${path}.eq.hpf.freq`, 0.2);
    state.set(`${path}.dyn.threshold`, 0.875);
    state.set(`${path}.gate.enabled`, 0);
    for (let aux = 0; aux < layout.aux; aux++) {
      state.set(`${path}.aux.${aux}.value`, aux < 4 && ch >= 13 && ch <= 15 ? 0.7 : 0);
      state.set(`${path}.aux.${aux}.mute`, 0);
      state.set(`${path}.aux.${aux}.post`, 0);
    }
    for (let fx = 0; fx < layout.fx; fx++) {
      state.set(`${path}.fx.${fx}.value`, fx === 0 && ch >= 13 ? 0.5 : 0);
      state.set(`${path}.fx.${fx}.mute`, 0);
      state.set(`${path}.fx.${fx}.post`, 1);
    }
  }
  const auxNames = ['MON 1', 'MON 2', 'MON 3', 'MON 4', 'DRUM FILL', 'SIDE', 'IEM L', 'IEM R', '', ''];
  for (let aux = 0; aux < layout.aux; aux++) {
    state.set(`a.${aux}.name`, auxNames[aux] ?? '');
    state.set(`a.${aux}.mix`, UNITY);
    state.set(`a.${aux}.mute`, 0);
  }
  for (let fx = 0; fx < layout.fx; fx++) {
    state.set(`f.${fx}.name`, fx === 0 ? 'VOCAL VERB' : '');
    state.set(`f.${fx}.mix`, UNITY);
    state.set(`f.${fx}.mute`, 0);
  }
  state.set('m.name', 'MASTER');
  state.set('m.mix', UNITY);
  state.set('var.currentShow', 'Default');
  return state;
}

/** How the desk prints a number: at most ten decimals [EX]. */
function formatNumber(value: number): string {
  return String(Number(value.toFixed(10)));
}

/** The VU byte for a level: [VU] scales a byte by 0.004167508166392142 to 0..1, which is -80..0 dB. */
function vuByte(dbfs: number): number {
  if (!(dbfs > -80)) return 0;
  return Math.min(240, Math.max(1, Math.round(Math.min(1, (dbfs + 80) / 80) / 0.004167508166392142)));
}

export async function startFakeUi(options: FakeUiOptions = {}): Promise<FakeUi> {
  const model = options.model ?? 'ui24';
  const layout = LAYOUT[model];
  const state = initialState(model);
  const random = seededRandom(options.seed ?? 1);
  const sourceDbfs = Array.from({ length: layout.inputs }, () => options.defaultSourceDbfs ?? -50);
  const received = new Map<string, number>();
  let silent = false;

  const server = new WebSocketServer({ host: '127.0.0.1', port: options.port ?? 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;

  const line = (key: string, value: number | string): string =>
    typeof value === 'number' ? `SETD^${key}^${formatNumber(value)}` : `SETS^${key}^${value}`;
  const send = (socket: WebSocket, text: string): void => {
    if (socket.readyState === socket.OPEN) socket.send(text);
  };
  const broadcast = (text: string, except: WebSocket | null): void => {
    for (const client of server.clients) if (client !== except) send(client, text);
  };

  const dump = (socket: WebSocket): void => {
    const lines = [...state].filter(([key]) => !options.without?.test(key)).map(([key, value]) => line(key, value));
    // [MC]: one frame may carry several lines; the desk's dump comes in such batches.
    for (let i = 0; i < lines.length; i += 40) send(socket, `3:::${lines.slice(i, i + 40).join('\n')}`);
  };

  server.on('connection', (socket) => {
    // The socket.io handshake and heartbeat frames of the desk's server carry no mixer data [MC].
    send(socket, '1::');
    if (!silent) dump(socket);
    socket.on('message', (data, isBinary) => {
      if (silent || isBinary) return;
      const text = data.toString();
      if (!text.startsWith('3:::')) return;
      for (const message of text.slice(4).split('\n')) {
        const [command = '', key = '', ...rest] = message.split('^');
        received.set(command, (received.get(command) ?? 0) + 1);
        if ((command !== 'SETD' && command !== 'SETS') || key === '') continue;
        const raw = rest.join('^');
        const sent = command === 'SETD' ? Number(raw) : raw;
        if (typeof sent === 'number' && !Number.isFinite(sent)) continue;
        const value = typeof sent === 'number' && options.storeWrite ? options.storeWrite(key, sent, state.get(key)) : sent;
        state.set(key, value);
        broadcast(`3:::${line(key, value)}`, options.echoToSender ? null : socket);
      }
    });
  });

  const gainDbOf = (channel: number): number | null => {
    const preamp = preampKey(model, channel);
    const raw = preamp === null ? undefined : state.get(`${preamp}.gain`);
    if (typeof raw !== 'number') return null;
    const { min, max } = gainRange(model);
    return min + raw * (max - min);
  };

  const vuFrame = (): string => {
    const bytes: number[] = [layout.inputs, 2, layout.sub, layout.fx, layout.aux, 2, 2, 0];
    for (let ch = 1; ch <= layout.inputs; ch++) {
      const gainDb = gainDbOf(ch);
      const preDbfs = gainDb === null ? -Infinity : sourceDbfs[ch - 1]! + gainDb + (random() - 0.5) * 0.5;
      const pre = vuByte(preDbfs);
      // The fake's post-fader meter: the pre meter when the fader is up and the channel unmuted.
      const up = state.get(`i.${ch - 1}.mix`) !== 0 && state.get(`i.${ch - 1}.mute`) !== 1;
      bytes.push(pre, pre, up ? pre : 0, 0, 0, 0xf7);
    }
    for (let p = 0; p < 2; p++) bytes.push(0, 0, 0, 0, 0, 0xf7);
    for (let s = 0; s < layout.sub; s++) bytes.push(0, 0, 0, 0, 0, 0, 0xf7);
    for (let f = 0; f < layout.fx; f++) bytes.push(90, 92, 90, 92, 0, 0, 0xf7);
    for (let a = 0; a < layout.aux; a++) bytes.push(150, 150, 0, 0, 0xf7);
    bytes.push(180, 180, 0, 0, 0xf7, 181, 181, 0, 0, 0xf7);
    for (let l = 0; l < 2; l++) bytes.push(0, 0, 0, 0, 0, 0xf7);
    return `3:::VU2^${Buffer.from(bytes).toString('base64')}`;
  };

  const meterTimer = setInterval(() => {
    if (silent || server.clients.size === 0) return;
    broadcast(vuFrame(), null);
  }, options.vuIntervalMs ?? 50);

  return {
    port,
    value: (key) => state.get(key),
    setFromDesk(key, value) {
      state.set(key, value);
      if (!silent) broadcast(`3:::${line(key, value)}`, null);
    },
    setSilent(value) {
      silent = value;
    },
    setSourceLevel(channel, dbfs) {
      sourceDbfs[channel - 1] = dbfs;
    },
    dropClients() {
      for (const client of server.clients) client.terminate();
    },
    clients: () => server.clients.size,
    received: (command) => received.get(command) ?? 0,
    sendRaw(text) {
      broadcast(text, null);
    },
    stop() {
      clearInterval(meterTimer);
      for (const client of server.clients) client.terminate();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
