/**
 * Command-line options: one declarative table drives parsing (node:util parseArgs), help text and
 * validation. Parsing is pure: it returns options or a usage error; main.ts decides to print and exit 2.
 * Everything about the consoles (choices, default ports, host and map checks, their help) comes from the
 * console registry.
 */
import { parseArgs } from 'node:util';
import { pinProblem } from '../auth/pin';
import type { ConsoleDescriptor } from '../consoles/console-descriptor';
import { CONSOLE_KINDS, CONSOLE_REGISTRY, isConsoleKind, type ConsoleKind } from '../consoles/registry';

export type ConsoleChoice = ConsoleKind;
export const CONSOLE_CHOICES: readonly ConsoleChoice[] = CONSOLE_KINDS;

export type MidiTransportChoice = 'ports' | 'tcp';

export interface BridgeCliOptions {
  console: ConsoleChoice;
  host: string | null;
  consolePort: number | null;
  httpPort: number;
  httpHost: string;
  seed: number;
  readOnly: boolean;
  dataDir: string | null;
  /** Engineer PIN from --pin; null: HEADROOM_PIN or a generated one (main.ts decides). */
  pin: string | null;
  /** Origins allowed to open the WebSocket besides the bridge's own (normalised, e.g. "http://10.0.0.5:5173"). */
  allowedOrigins: string[];
  /** Host names a request may carry besides this machine's own (lower case, no port). */
  allowedHosts: string[];
  /** Folder of the user's venue profiles; null: <data-dir>/profiles. */
  profilesDir: string | null;
  profile: string | null;
  /** Mapping for --console midi (qu, sq, dlive, avantis, mackie, cc or a file) or osc (ardour, reaper or a file). */
  map: string | null;
  /** Model family for consoles with several parameter maps (--console yamaha: tf, dm3, dm7, cl, ql, rivage). */
  model: string | null;
  midiIn: string | null;
  midiOut: string | null;
  midiTransport: MidiTransportChoice;
  listMidi: boolean;
  /** Our UDP port for --console osc (REAPER sends to a fixed port); null: the map's. */
  localPort: number | null;
  /** Folder or multichannel WAV for --console recording. */
  recording: string | null;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  help: boolean;
  /** Several desks on one stage box: N simulated desks (--console sim), or a desk-set file; null: one desk. */
  desks: { kind: 'sim'; count: number } | { kind: 'file'; path: string } | null;
  version: boolean;
}

interface OptionRow {
  flag: string;
  type: 'string' | 'boolean';
  value: string;
  help: string;
}

const descriptors = CONSOLE_KINDS.map((kind): { kind: ConsoleKind; descriptor: ConsoleDescriptor } => ({ kind, descriptor: CONSOLE_REGISTRY[kind] }));

function hostHelp(): string {
  const always = descriptors.filter(({ descriptor }) => descriptor.needsHost({ midiTransport: 'ports' })).map(({ kind }) => kind);
  const overTcp = descriptors
    .filter(({ descriptor }) => !descriptor.needsHost({ midiTransport: 'ports' }) && descriptor.needsHost({ midiTransport: 'tcp' }))
    .map(({ kind }) => `${kind} over tcp`);
  const found = descriptors.flatMap(({ kind, descriptor }) => (descriptor.findsHost ? [`${kind}: ${descriptor.findsHost}`] : []));
  return `console IP address (${[...always, ...overTcp].join(', ')}${found.length > 0 ? `; ${found.join('; ')}` : ''})`;
}

function portHelp(): string {
  const defaults = descriptors.flatMap(({ kind, descriptor }) => (descriptor.defaultPort === null ? [] : [`${kind} ${descriptor.defaultPort}`]));
  return `console port (default ${defaults.join(', ')}; otherwise the map's)`;
}

function mapHelp(): string {
  const shipped = descriptors.flatMap(({ kind, descriptor }) => (descriptor.maps ? [`${kind}: ${descriptor.maps.join(', ')}`] : []));
  return `${shipped.join('; ')}; or a mapping file`;
}

function modelHelp(): string {
  return descriptors.flatMap(({ kind, descriptor }) => (descriptor.models ? [`${kind}: ${descriptor.models.join(', ')}`] : [])).join('; ');
}

const OPTION_TABLE: readonly OptionRow[] = [
  { flag: 'console', type: 'string', value: CONSOLE_KINDS.join('|'), help: 'which console to talk to (default sim; see Consoles below)' },
  { flag: 'recording', type: 'string', value: 'PATH', help: 'recording: a folder of WAV/FLAC tracks or a multichannel WAV, played as a desk' },
  { flag: 'host', type: 'string', value: 'IP', help: hostHelp() },
  { flag: 'console-port', type: 'string', value: 'PORT', help: portHelp() },
  { flag: 'map', type: 'string', value: 'NAME|FILE', help: mapHelp() },
  { flag: 'model', type: 'string', value: 'NAME', help: modelHelp() },
  { flag: 'midi-transport', type: 'string', value: 'ports|tcp', help: 'midi over local MIDI ports (default) or TCP (Allen & Heath, port 51325)' },
  { flag: 'midi-in', type: 'string', value: 'NAME', help: 'MIDI input port name (see --list-midi)' },
  { flag: 'midi-out', type: 'string', value: 'NAME', help: 'MIDI output port name (see --list-midi)' },
  { flag: 'list-midi', type: 'boolean', value: '', help: 'list the MIDI ports of this machine and exit' },
  { flag: 'local-port', type: 'string', value: 'PORT', help: 'osc: our UDP port (REAPER sends to a fixed one); default the map\'s' },
  { flag: 'http-port', type: 'string', value: 'PORT', help: 'port for tablets (default 8080; 0 = any free port, printed)' },
  { flag: 'http-host', type: 'string', value: 'ADDR', help: 'address to listen on (default 0.0.0.0: every interface)' },
  { flag: 'seed', type: 'string', value: 'N', help: 'simulator seed (default 1): the same seed plays the same band' },
  { flag: 'read-only', type: 'boolean', value: '', help: 'suggestions only: never write to the console' },
  { flag: 'data-dir', type: 'string', value: 'DIR', help: 'where the write journal, backups and your profiles live (default ~/.headroom)' },
  { flag: 'pin', type: 'string', value: 'PIN', help: 'engineer PIN that unlocks writing on a tablet (default HEADROOM_PIN, else a random one, printed)' },
  { flag: 'allow-origin', type: 'string', value: 'URL,...', help: 'further origins allowed to connect, e.g. http://10.0.0.5:5173 (default: the bridge\'s own)' },
  { flag: 'allow-host', type: 'string', value: 'NAME,...', help: 'further host names tablets may use for this machine, e.g. headroom.venue.lan (default: its addresses, host name, localhost)' },
  { flag: 'profiles-dir', type: 'string', value: 'DIR', help: 'where your venue profiles live (default <data-dir>/profiles)' },
  { flag: 'profile', type: 'string', value: 'ID', help: 'venue profile to load at start (yours, or a shipped example)' },
  { flag: 'desks', type: 'string', value: 'N|FILE', help: 'desks on one stage box: N simulated desks (with --console sim, 2..4) or a desk-set file' },
  { flag: 'log-level', type: 'string', value: 'debug|info|warn|error', help: 'log detail (default info)' },
  { flag: 'help', type: 'boolean', value: '', help: 'show this help' },
  { flag: 'version', type: 'boolean', value: '', help: 'print the version and exit' },
];

/** Width of the console-kind column in the help: two spaces after the longest kind (at least 10). */
export const CONSOLE_KIND_COLUMN = Math.max(10, ...CONSOLE_KINDS.map((kind) => kind.length + 2));

export function usage(): string {
  const flags = OPTION_TABLE.map((o) => `  --${o.flag}${o.value ? ` ${o.value}` : ''}`);
  // The help column starts two spaces after the longest flag, so no flag runs into its help.
  const width = Math.max(...flags.map((f) => f.length)) + 2;
  const rows = OPTION_TABLE.map((o, i) => flags[i]!.padEnd(width) + o.help);
  const consoles = descriptors.map(({ kind, descriptor }) => `  ${kind.padEnd(CONSOLE_KIND_COLUMN)}${descriptor.label}: ${descriptor.transport}`);
  const usageLines = ['Usage: headroom [options]            (from a clone: npm start -- [options])', '       headroom analyze PATH [options]  analyse a recording (headroom analyze --help)'];
  return [...usageLines, '', 'Options:', ...rows, '', 'Consoles:', ...consoles].join('\n');
}

export type ParseResult = { ok: true; options: BridgeCliOptions } | { ok: false; error: string };

export function parseCliOptions(argv: readonly string[]): ParseResult {
  const config = Object.fromEntries(OPTION_TABLE.map((o) => [o.flag, { type: o.type }])) as Record<
    string,
    { type: 'string' | 'boolean' }
  >;
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: [...argv], options: config, strict: true, allowPositionals: false }));
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
  const str = (flag: string): string | undefined => values[flag] as string | undefined;

  const consoleChoice = str('console') ?? 'sim';
  if (!isConsoleKind(consoleChoice)) {
    return { ok: false, error: `--console must be one of ${CONSOLE_CHOICES.join(', ')} (got "${consoleChoice}")` };
  }
  const kind = consoleChoice;
  const descriptor: ConsoleDescriptor = CONSOLE_REGISTRY[kind];

  const port = (flag: string, min: number): number | null | string => {
    const text = str(flag);
    if (text === undefined) return null;
    if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > 65535) {
      return `--${flag} must be a port number ${min}-65535 (got "${text}")`;
    }
    return Number(text);
  };
  const consolePort = port('console-port', 1);
  if (typeof consolePort === 'string') return { ok: false, error: consolePort };
  const httpPort = port('http-port', 0);
  if (typeof httpPort === 'string') return { ok: false, error: httpPort };

  const localPort = port('local-port', 1);
  if (typeof localPort === 'string') return { ok: false, error: localPort };

  const midiTransport = str('midi-transport') ?? 'ports';
  if (midiTransport !== 'ports' && midiTransport !== 'tcp') {
    return { ok: false, error: `--midi-transport must be ports or tcp (got "${midiTransport}")` };
  }
  const map = str('map') ?? null;
  const listMidi = values['list-midi'] === true;
  const midiIn = str('midi-in') ?? null;
  const midiOut = str('midi-out') ?? null;
  if (descriptor.maps && map === null && !listMidi) {
    return { ok: false, error: `--console ${kind} needs --map (${descriptor.maps.join(', ')} or a mapping file)` };
  }
  if (kind === 'midi' && midiTransport === 'ports' && !listMidi && (midiIn === null || midiOut === null)) {
    return { ok: false, error: '--console midi needs --midi-in NAME and --midi-out NAME (see --list-midi), or --midi-transport tcp --host IP' };
  }

  const model = str('model') ?? null;
  if (descriptor.models && (model === null || !descriptor.models.includes(model))) {
    const got = model === null ? '' : ` (got "${model}")`;
    return { ok: false, error: `--console ${kind} needs --model ${descriptor.models.join('|')}${got}` };
  }
  if (!descriptor.models && model !== null) return { ok: false, error: `--model goes with --console ${descriptors.filter(({ descriptor: d }) => d.models).map(({ kind: k }) => k).join(', ')} only` };

  const recording = str('recording') ?? null;
  if (kind === 'recording' && recording === null) {
    return { ok: false, error: '--console recording needs --recording PATH (a folder of WAV/FLAC tracks or a multichannel WAV)' };
  }

  const host = str('host') ?? null;
  const needsHost = descriptor.needsHost({ midiTransport });
  if (needsHost && host === null && !listMidi) return { ok: false, error: `--console ${kind} needs --host IP (the desk's address)` };
  if (host !== null && !/^[A-Za-z0-9.:-]{1,253}$/.test(host)) return { ok: false, error: `--host is not an address (got "${host}")` };

  const seedText = str('seed') ?? '1';
  if (!/^\d{1,9}$/.test(seedText)) return { ok: false, error: `--seed must be a whole number (got "${seedText}")` };

  const logLevel = str('log-level') ?? 'info';
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) {
    return { ok: false, error: `--log-level must be debug, info, warn or error (got "${logLevel}")` };
  }
  const pin = str('pin') ?? null;
  const badPin = pin === null ? null : pinProblem(pin);
  if (badPin !== null) return { ok: false, error: `--pin: ${badPin}` };

  const allowedOrigins: string[] = [];
  for (const text of (str('allow-origin') ?? '').split(',').map((o) => o.trim()).filter((o) => o !== '')) {
    let origin: URL;
    try {
      origin = new URL(text);
    } catch {
      return { ok: false, error: `--allow-origin must be origins like http://10.0.0.5:5173 (got "${text}")` };
    }
    if (origin.protocol !== 'http:' && origin.protocol !== 'https:') {
      return { ok: false, error: `--allow-origin must be http or https origins (got "${text}")` };
    }
    allowedOrigins.push(origin.origin);
  }

  const allowedHosts: string[] = [];
  for (const text of (str('allow-host') ?? '').split(',').map((h) => h.trim()).filter((h) => h !== '')) {
    if (!/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]{1,253}|[0-9a-fA-F:.]{2,45})$/.test(text)) {
      return { ok: false, error: `--allow-host must be host names or addresses without port, like headroom.venue.lan (got "${text}")` };
    }
    allowedHosts.push(text.toLowerCase());
  }

  const profile = str('profile') ?? null;
  if (profile !== null && !/^[a-z0-9][a-z0-9-]{0,63}$/.test(profile)) {
    return { ok: false, error: `--profile must be a profile id like club-xr18 (got "${profile}")` };
  }

  const desksText = str('desks') ?? null;
  let desks: BridgeCliOptions['desks'] = null;
  if (desksText !== null && /^\d+$/.test(desksText)) {
    if (kind !== 'sim') return { ok: false, error: `--desks ${desksText} runs simulated desks: use it with --console sim, or give a desk-set file` };
    const count = Number(desksText);
    if (count < 2 || count > 4) return { ok: false, error: `--desks must be 2..4 simulated desks (got ${desksText})` };
    desks = { kind: 'sim', count };
  } else if (desksText !== null) {
    desks = { kind: 'file', path: desksText };
  }

  return {
    ok: true,
    options: {
      console: kind,
      host,
      consolePort: consolePort ?? descriptor.defaultPort,
      httpPort: httpPort ?? 8080,
      httpHost: str('http-host') ?? '0.0.0.0',
      seed: Number(seedText),
      readOnly: values['read-only'] === true,
      dataDir: str('data-dir') ?? null,
      pin,
      allowedOrigins,
      allowedHosts,
      profilesDir: str('profiles-dir') ?? null,
      profile,
      map,
      model,
      midiIn,
      midiOut,
      midiTransport,
      listMidi,
      localPort,
      recording,
      logLevel: logLevel as BridgeCliOptions['logLevel'],
      help: values.help === true,
      desks,
      version: values.version === true,
    },
  };
}
