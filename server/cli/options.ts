/**
 * Command-line options: one declarative table drives parsing (node:util parseArgs), help text and
 * validation. Parsing is pure: it returns options or a usage error; main.ts decides to print and exit 2.
 */
import { parseArgs } from 'node:util';

export type ConsoleChoice = 'sim' | 'x32' | 'xair';
export const CONSOLE_CHOICES: readonly ConsoleChoice[] = ['sim', 'x32', 'xair'];

const DEFAULT_CONSOLE_PORTS: Record<ConsoleChoice, number | null> = { sim: null, x32: 10023, xair: 10024 };

export interface BridgeCliOptions {
  console: ConsoleChoice;
  host: string | null;
  consolePort: number | null;
  httpPort: number;
  httpHost: string;
  seed: number;
  readOnly: boolean;
  dataDir: string | null;
  profile: string | null;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  help: boolean;
}

interface OptionRow {
  flag: string;
  type: 'string' | 'boolean';
  value: string;
  help: string;
}

const OPTION_TABLE: readonly OptionRow[] = [
  { flag: 'console', type: 'string', value: 'sim|x32|xair', help: 'which console to talk to (default sim: the built-in simulated band)' },
  { flag: 'host', type: 'string', value: 'IP', help: 'console IP address (required for x32 and xair)' },
  { flag: 'console-port', type: 'string', value: 'PORT', help: 'console UDP port (default x32 10023, xair 10024)' },
  { flag: 'http-port', type: 'string', value: 'PORT', help: 'port for tablets (default 8080; 0 = any free port, printed)' },
  { flag: 'http-host', type: 'string', value: 'ADDR', help: 'address to listen on (default 0.0.0.0: every interface)' },
  { flag: 'seed', type: 'string', value: 'N', help: 'simulator seed (default 1): the same seed plays the same band' },
  { flag: 'read-only', type: 'boolean', value: '', help: 'suggestions only: never write to the console' },
  { flag: 'data-dir', type: 'string', value: 'DIR', help: 'where the write journal lives (default ~/.headroom)' },
  { flag: 'profile', type: 'string', value: 'ID', help: 'venue profile to load from profiles/ at start' },
  { flag: 'log-level', type: 'string', value: 'debug|info|warn|error', help: 'log detail (default info)' },
  { flag: 'help', type: 'boolean', value: '', help: 'show this help' },
];

export function usage(): string {
  const rows = OPTION_TABLE.map((o) => `  --${o.flag}${o.value ? ` ${o.value}` : ''}`.padEnd(34) + o.help);
  return ['Usage: npm start -- [options]', '', 'Options:', ...rows].join('\n');
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
  if (!(CONSOLE_CHOICES as readonly string[]).includes(consoleChoice)) {
    return { ok: false, error: `--console must be one of ${CONSOLE_CHOICES.join(', ')} (got "${consoleChoice}")` };
  }
  const kind = consoleChoice as ConsoleChoice;

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

  const host = str('host') ?? null;
  if (kind !== 'sim' && host === null) return { ok: false, error: `--console ${kind} needs --host IP (the desk's address)` };
  if (host !== null && !/^[A-Za-z0-9.:-]{1,253}$/.test(host)) return { ok: false, error: `--host is not an address (got "${host}")` };

  const seedText = str('seed') ?? '1';
  if (!/^\d{1,9}$/.test(seedText)) return { ok: false, error: `--seed must be a whole number (got "${seedText}")` };

  const logLevel = str('log-level') ?? 'info';
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) {
    return { ok: false, error: `--log-level must be debug, info, warn or error (got "${logLevel}")` };
  }
  const profile = str('profile') ?? null;
  if (profile !== null && !/^[a-z0-9][a-z0-9-]{0,63}$/.test(profile)) {
    return { ok: false, error: `--profile must be a profile id like club-xr18 (got "${profile}")` };
  }

  return {
    ok: true,
    options: {
      console: kind,
      host,
      consolePort: consolePort ?? DEFAULT_CONSOLE_PORTS[kind],
      httpPort: httpPort ?? 8080,
      httpHost: str('http-host') ?? '0.0.0.0',
      seed: Number(seedText),
      readOnly: values['read-only'] === true,
      dataDir: str('data-dir') ?? null,
      profile,
      logLevel: logLevel as BridgeCliOptions['logLevel'],
      help: values.help === true,
    },
  };
}
