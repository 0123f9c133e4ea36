/**
 * A fake Yamaha desk speaking RCP over real TCP (BrenekH/yamaha-rcp-docs README "Basics": LF-ended text
 * lines; `get ADDRESS X Y` answered `OK get ADDRESS X Y VALUE`, `set ADDRESS X Y VALUE` answered
 * `OK set ...` with the value held, the change pushed to the other clients as `NOTIFY set ...`). Meters
 * follow the Companion yamaha-rcp module (index.js startMeters / paramFuncs.js fmtCmd: `mtrstart ADDRESS
 * INTERVAL`, answered by `NOTIFY mtr ADDRESS mtr HH HH ...` every interval; variables.js: dB = code - 126,
 * the DM7 through wtMtrTable.json). `devstatus runmode` is answered `OK devstatus runmode "normal"`
 * (paramFuncs.js RCP_DEVINFO_FIELDS). The desk's ERROR text is not documented: the fake says
 * `ERROR get ADDRESS X Y UnknownAddress`.
 *
 * Meters follow the settings: a channel's input is its source level plus its head amp gain (where the
 * family has one), post-on adds the fader; a mix meter is the mix's source level plus its master fader.
 */
import net from 'node:net';
import { fakeParameters, type FakeFamily, type FakeMeterInfo, type FakeParamInfo } from './fake-yamaha-params';

export type { FakeFamily } from './fake-yamaha-params';

export const FAKE_YAMAHA_CHANNEL_NAMES = ['Kick', 'Snare', 'Hi-Hat', 'Tom 1', 'Tom 2', 'OH L', 'OH R', 'Bass', 'Gtr 1', 'Gtr 2', 'Keys L', 'Keys R', 'Vox 1', 'Vox 2', 'Vox 3', 'Talk'];

/** The head amp gain address of each family where a channel has one. */
const HEAD_AMP: Partial<Record<FakeFamily, string>> = {
  dm3: 'IO:Current/InCh/HAGain',
  dm7: 'MIXER:Current/InCh/Port/HA/Gain',
  cl: 'MIXER:Current/InCh/Port/HA/Gain',
  ql: 'MIXER:Current/InCh/Port/HA/Gain',
};

/** Companion wtMtrTable.json as [code, dB] corners (straight between them): the DM7 meter scale. */
const DM7_METER_POINTS: ReadonlyArray<readonly [number, number]> = [
  [0, -190], [4, -130], [7, -100], [11, -80], [21, -60], [36, -45], [66, -30], [231, 3], [237, 6], [243, 12], [254, 34],
];

export interface FakeYamahaOptions {
  family: FakeFamily;
  /** TCP port (0: any free one). */
  port?: number;
  /** Head amp gain of every channel in dB where the family has one (default 30); per channel overrides below. */
  gainDb?: number;
  channelGainDb?: Record<number, number>;
  /** Source level of every channel before gain, dBFS (default -50). */
  sourceDbfs?: number;
  /** Source level of each mix before its master fader, dBFS (default -30). */
  busSourceDbfs?: Record<number, number>;
}

export interface FakeYamaha {
  port: number;
  family: FakeFamily;
  /** The value the desk holds (integer or string). */
  value(address: string, x: number, y?: number): number | string | undefined;
  /** A change made at the desk: stored and pushed to every client as NOTIFY. */
  setFromDesk(address: string, x: number, y: number, value: number | string): void;
  /** Stops answering and metering (a desk gone away with its socket still open). */
  setSilent(silent: boolean): void;
  /** Every line received, oldest first. */
  received: string[];
  clientCount(): number;
  stop(): Promise<void>;
}

export async function startFakeYamaha(options: FakeYamahaOptions): Promise<FakeYamaha> {
  const { family } = options;
  const { params, meters } = fakeParameters(family);
  const infos = new Map(params.map((p) => [p.address, p]));
  const state = new Map<string, number | string>();
  const key = (address: string, x: number, y: number): string => `${address} ${x} ${y}`;
  for (const info of params) {
    for (let x = 0; x < info.xCount; x++) for (let y = 0; y < info.yCount; y++) state.set(key(info.address, x, y), initialValue(info, x, options));
  }
  const clients = new Set<net.Socket>();
  const meterTimers = new Map<net.Socket, ReturnType<typeof setInterval>[]>();
  const received: string[] = [];
  let silent = false;
  let frame = 0;

  const num = (address: string, x: number, y = 0): number => {
    const held = state.get(key(address, x, y));
    return typeof held === 'number' ? held : 0;
  };
  const db = (address: string, x: number): number => {
    const wire = num(address, x);
    const info = infos.get(address);
    if (!info) return 0;
    return wire <= -32768 ? -Infinity : wire / info.scale;
  };
  const gainDb = (x: number): number => {
    const address = HEAD_AMP[family];
    return address ? db(address, x) : 0;
  };
  const wobble = (i: number): number => 3 * Math.sin((frame + i * 7) / 3);
  const levelDbfs = (meterAddress: string, i: number): number => {
    const input = (options.sourceDbfs ?? -50) + gainDb(i) + wobble(i);
    if (meterAddress.startsWith('MIXER:Current/InCh/')) {
      if (!meterAddress.endsWith('/PostOn')) return input;
      return num('MIXER:Current/InCh/Fader/On', i) === 1 ? input + db('MIXER:Current/InCh/Fader/Level', i) : -Infinity;
    }
    if (meterAddress.startsWith('MIXER:Current/Mix/')) return (options.busSourceDbfs?.[i + 1] ?? -30) + wobble(i) + db('MIXER:Current/Mix/Fader/Level', i);
    if (meterAddress.startsWith('MIXER:Current/Mtrx/')) return -40 + wobble(i) + db('MIXER:Current/Mtrx/Fader/Level', i);
    return -20 + wobble(i) + db('MIXER:Current/St/Fader/Level', 0);
  };
  const code = (dbfs: number): number => (family === 'dm7' ? dm7Code(dbfs) : dbfs === -Infinity ? 0 : Math.max(1, Math.min(127, Math.round(dbfs + 126))));
  const meterLine = (meter: FakeMeterInfo): string => {
    const codes = Array.from({ length: meter.count }, (_, i) => code(levelDbfs(meter.address, i)).toString(16).padStart(2, '0'));
    return `NOTIFY mtr ${meter.address} mtr ${codes.join(' ')}\n`;
  };

  const send = (socket: net.Socket, line: string): void => {
    if (!socket.destroyed) socket.write(line);
  };
  const quoted = (value: number | string): string => (typeof value === 'string' ? `"${value}"` : String(value));

  const store = (info: FakeParamInfo, x: number, y: number, text: string): number | string | null => {
    if (info.type === 'string') return text.startsWith('"') && text.endsWith('"') && text.length >= 2 ? text.slice(1, -1) : null;
    if (!/^-?\d+$/.test(text)) return null;
    const value = Number(text);
    // Faders and sends take -32768 (-inf) below their lowest finite position; everything else is clamped.
    const held = info.min === -32768 && value < -13800 ? -32768 : Math.max(info.min, Math.min(info.max, value));
    state.set(key(info.address, x, y), held);
    return held;
  };

  const handle = (socket: net.Socket, line: string): void => {
    received.push(line);
    if (silent) return;
    const words = line.match(/"[^"]*"|\S+/g) ?? [];
    const [action, address = '', xText = '', yText = ''] = words;
    if (action === 'devstatus') {
      send(socket, `OK devstatus ${address} "normal"\n`);
      return;
    }
    if (action === 'mtrstart') {
      const meter = meters.find((m) => m.address === address);
      if (!meter) {
        send(socket, `ERROR mtrstart ${address} UnknownAddress\n`);
        return;
      }
      const intervalMs = Math.max(20, Number(xText) || 100);
      const timers = meterTimers.get(socket) ?? [];
      timers.push(setInterval(() => {
        if (!silent) send(socket, meterLine(meter));
      }, intervalMs));
      meterTimers.set(socket, timers);
      return;
    }
    const info = infos.get(address);
    const x = Number(xText);
    const y = Number(yText);
    if ((action !== 'get' && action !== 'set') || !info || !Number.isInteger(x) || !Number.isInteger(y) || x < 0 || y < 0 || x >= info.xCount || y >= info.yCount) {
      send(socket, `ERROR ${action ?? ''} ${address} ${xText} ${yText} UnknownAddress\n`);
      return;
    }
    if (action === 'get') {
      send(socket, `OK get ${address} ${x} ${y} ${quoted(state.get(key(address, x, y))!)}\n`);
      return;
    }
    const held = store(info, x, y, words.slice(4).join(' '));
    if (held === null) {
      send(socket, `ERROR set ${address} ${x} ${y} InvalidArgument\n`);
      return;
    }
    send(socket, `OK set ${address} ${x} ${y} ${quoted(held)}\n`);
    for (const other of clients) if (other !== socket) send(other, `NOTIFY set ${address} ${x} ${y} ${quoted(held)}\n`);
  };

  const frameTimer = setInterval(() => frame++, 50);
  const server = net.createServer((socket) => {
    clients.add(socket);
    let pending = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      pending += chunk;
      for (let at = pending.indexOf('\n'); at !== -1; at = pending.indexOf('\n')) {
        handle(socket, pending.slice(0, at).replace(/\r$/, ''));
        pending = pending.slice(at + 1);
      }
    });
    const drop = (): void => {
      clients.delete(socket);
      for (const timer of meterTimers.get(socket) ?? []) clearInterval(timer);
      meterTimers.delete(socket);
    };
    socket.on('close', drop);
    socket.on('error', drop);
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;

  return {
    port,
    family,
    received,
    value: (address, x, y = 0) => state.get(key(address, x, y)),
    setFromDesk(address, x, y, value) {
      state.set(key(address, x, y), value);
      if (silent) return;
      for (const client of clients) send(client, `NOTIFY set ${address} ${x} ${y} ${quoted(value)}\n`);
    },
    setSilent(value) {
      silent = value;
    },
    clientCount: () => clients.size,
    stop: () =>
      new Promise<void>((resolve) => {
        clearInterval(frameTimer);
        for (const client of clients) {
          for (const timer of meterTimers.get(client) ?? []) clearInterval(timer);
          client.destroy();
        }
        server.close(() => resolve());
      }),
  };
}

function initialValue(info: FakeParamInfo, x: number, options: FakeYamahaOptions): number | string {
  if (info.type === 'string') {
    if (info.address.endsWith('InCh/Label/Name')) return FAKE_YAMAHA_CHANNEL_NAMES[x] ?? `ch ${x + 1}`;
    return info.address.includes('/Mix/') ? `MX ${x + 1}` : '';
  }
  if (info.address === HEAD_AMP[options.family]) return Math.round((options.channelGainDb?.[x + 1] ?? options.gainDb ?? 30) * info.scale);
  if (info.address.endsWith('/Fader/Level')) return 0;
  if (info.address.endsWith('/Fader/On')) return 1;
  return Math.max(info.min, Math.min(info.max, 0));
}

/** The DM7 meter code nearest a level (inverse of the wtMtrTable corners). */
function dm7Code(dbfs: number): number {
  if (dbfs === -Infinity) return 0;
  for (let i = 1; i < DM7_METER_POINTS.length; i++) {
    const [c0, db0] = DM7_METER_POINTS[i - 1]!;
    const [c1, db1] = DM7_METER_POINTS[i]!;
    if (dbfs <= db1) return Math.max(1, Math.round(c0 + ((Math.max(dbfs, db0) - db0) * (c1 - c0)) / (db1 - db0)));
  }
  return 254;
}
