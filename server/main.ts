/**
 * Entry point (the `headroom` command; built into dist/headroom.js): parses the command line, builds the
 * console, the advisor and the bridge, prints where the tablets should go; `headroom analyze` hands over
 * to the recording analysis. The only module that wires things together.
 */
import { readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Advisor } from './advisor/advisor';
import { DEFAULT_LOGIN_LIMIT, LoginLimiter } from './auth/login-limiter';
import { generatePin, pinProblem } from './auth/pin';
import { DEFAULT_TOKEN_TTL_MS, TokenStore } from './auth/token-store';
import { startBridge } from './bridge';
import { parseCliOptions, usage, type BridgeCliOptions } from './cli/options';
import { createConsole } from './consoles/registry';
import { formatMidiPortList, listMidiPorts, loadEasyMidi } from './consoles/midi/open-ports';
import { runAnalyze } from './consoles/recording/analysis/analyze-command';
import { RecordingConsole } from './consoles/recording/recording-console';
import { suggest } from './engine/suggest';
import { DEFAULT_WINDOWS_MS, RollingMeterStatistics } from './meters/rolling-meter-statistics';
import { DEFAULT_CONNECTION_LIMITS } from './hub/connection-limits';
import { createLogger, type Logger } from './logger';
import { ProfileStore } from './profiles/profile-store';
import type { VenueProfile } from './profiles/schema';
import { localDateIso, venueFeatureFor } from './venues/venue-feature';
import { defaultProfile } from './profiles/default-profile';
import { FileBackupStore } from './safety/backup-store';
import { FileJournal } from './safety/journal';
import { runDeskSet } from './stage-box/run-desk-set';
import { DEFAULT_SILENCE_GIVE_UP_MS } from './soundcheck/soundcheck';
import { PACKAGE_ROOT } from './package-root';
import { qrSvg, qrTerminal, tabletUrls } from './tablet-urls';

/** The engine judges the last 8 s of meter history (the longest rolling window). */
const ENGINE_WINDOW_MS = 8000;

/** The venue profile that describes the simulated band's room (amplifiers, calibration). */
const SIMULATOR_PROFILE_ID = 'simulator-band';

/** Shipped example profiles: read only, copied into the user's folder when first loaded. */
const EXAMPLE_PROFILES_DIR = join(PACKAGE_ROOT, 'profiles');

async function main(argv: readonly string[]): Promise<void> {
  if (argv[0] === 'analyze') {
    process.exitCode = await analyze(argv.slice(1));
    return;
  }
  const parsed = parseCliOptions(argv);
  if (!parsed.ok) {
    process.stderr.write(`headroom: ${parsed.error}\n\n${usage()}\n`);
    process.exit(2);
  }
  if (parsed.options.help) {
    process.stdout.write(`${usage()}\n`);
    return;
  }
  if (parsed.options.version) {
    const manifest = JSON.parse(await readFile(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string };
    process.stdout.write(`headroom ${manifest.version}\n`);
    return;
  }
  if (parsed.options.listMidi) {
    process.stdout.write(`${formatMidiPortList(await listMidiPorts(loadEasyMidi))}\n`);
    return;
  }
  const envPin = process.env.HEADROOM_PIN;
  const envPinProblem = envPin === undefined || envPin === '' ? null : pinProblem(envPin);
  if (envPinProblem !== null) {
    process.stderr.write(`headroom: HEADROOM_PIN: ${envPinProblem}\n`);
    process.exit(2);
  }
  await run(parsed.options, parsed.options.pin ?? (envPin || null));
}

/** @param pin the engineer PIN from --pin or HEADROOM_PIN; null: generate one and print it. */
async function run(options: BridgeCliOptions, pin: string | null): Promise<void> {
  const logger = createLogger(options.logLevel);
  // Built by `npm run build` (npm start builds it when stale; the package ships it built): the bridge
  // never writes into its own install tree.
  const uiDir = join(PACKAGE_ROOT, 'dist', 'ui');
  if (!(await stat(join(uiDir, 'index.html')).then(() => true, () => false))) {
    logger.warn({ uiDir }, 'the tablet UI is not built: run npm run build (npm start builds it)');
  }

  if (options.desks !== null) {
    await runDeskSet({ options, pin, logger, uiDir, examplesDir: EXAMPLE_PROFILES_DIR, dataDir: options.dataDir ?? defaultDataDir() });
    return;
  }

  const lifetime = new AbortController();
  const desk = await createConsole(options, logger);
  const dataDir = options.dataDir ?? defaultDataDir();
  const journal = await FileJournal.open(join(dataDir, 'journal.jsonl'), (line, reason) =>
    logger.warn({ line, reason }, 'journal line unreadable; kept the rest'),
  );
  // The user's profiles live with the rest of their data, never in the install tree; the shipped ones are examples.
  const store = new ProfileStore({
    dir: options.profilesDir ?? join(dataDir, 'profiles'),
    examplesDir: EXAMPLE_PROFILES_DIR,
    logger,
    now: () => new Date(),
  });
  await store.prepare();
  const initial = await loadInitialProfile(store, options, logger);
  if (desk instanceof RecordingConsole) desk.adoptChannelPlan(initial.profile.channels);
  const statistics = new RollingMeterStatistics({ windowsMs: DEFAULT_WINDOWS_MS, clipDbfs: initial.profile.thresholds.clipDbfs });
  const advisor = new Advisor({
    console: desk,
    statistics,
    suggest,
    profile: initial.profile,
    windowMs: ENGINE_WINDOW_MS,
    evaluateEveryMs: 500,
    nowMs: Date.now,
    onError: (error) => logger.error({ err: String(error) }, 'engine failed'),
  });

  const engineerPin = pin ?? generatePin();
  let urls: string[] = [];
  const bridge = await startBridge({
    console: desk,
    advisor,
    suggest,
    journal,
    backupStore: new FileBackupStore(join(dataDir, 'backups')),
    auth: {
      pin: engineerPin,
      tokens: new TokenStore({ ttlMs: DEFAULT_TOKEN_TTL_MS, nowMs: Date.now, maxTokens: 1000 }),
      limiter: new LoginLimiter({ ...DEFAULT_LOGIN_LIMIT, nowMs: Date.now, maxAddresses: 10_000 }),
      allowedOrigins: options.allowedOrigins,
      allowedHosts: options.allowedHosts,
    },
    connectionLimits: DEFAULT_CONNECTION_LIMITS,
    readOnly: options.readOnly,
    maxStepDb: 6,
    soundcheckSilenceGiveUpMs: DEFAULT_SILENCE_GIVE_UP_MS,
    uiDir,
    httpHost: options.httpHost,
    httpPort: options.httpPort,
    // Just under the desks' 50 ms meter period: a frame that arrives late goes out at once instead of
    // waiting for the next slot (measured in bench/: p50 packet-to-tablet 2.6-11 ms at 50, ~1 ms at 40).
    meterIntervalMs: 40,
    logger,
    features: (context) => [
      venueFeatureFor(context, {
        store,
        statistics: () => statistics.soundcheck(),
        initial,
        todayIso: () => localDateIso(new Date()),
        onError: (error) => logger.error({ err: String(error) }, 'venue profiles failed'),
      }),
      {
        handlers: {},
        welcome: () => [],
        routes: [
          { method: 'GET', path: '/api/urls', handle: async () => ({ status: 200, body: { urls, qrSvg: await qrSvg(urls[0] ?? '') } }) },
        ],
      },
    ],
  });
  urls = tabletUrls(bridge.port, options.httpHost);
  await desk.start(lifetime.signal);

  const qr = urls[0] ? await qrTerminal(urls[0]) : '';
  process.stdout.write(
    [
      '',
      `Headroom is running on ${desk.identity().model}${options.readOnly ? ' (READ-ONLY)' : ''}.`,
      'Open on a tablet:',
      ...urls.map((u) => `  ${u}`),
      '',
      qr,
      pin === null ? `Engineer PIN: ${engineerPin}  (type it on a tablet to unlock writing; set your own with --pin or HEADROOM_PIN)` : 'Engineer PIN: as set with --pin / HEADROOM_PIN',
      `Write journal: ${join(dataDir, 'journal.jsonl')}`,
      `Backups: ${join(dataDir, 'backups')}`,
      `Venue profiles: ${store.dir} (shipped examples in ${EXAMPLE_PROFILES_DIR})`,
      '',
    ].join('\n'),
  );

  const shutdown = (signalName: string) => {
    logger.info({ signal: signalName }, 'shutting down');
    lifetime.abort();
    bridge.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.on('uncaughtException', (error) => logger.error({ err: error.stack ?? String(error) }, 'uncaught exception: bridge keeps running'));
  process.on('unhandledRejection', (error) => logger.error({ err: String(error) }, 'unhandled rejection: bridge keeps running'));
}

/** Where the user's data lives unless --data-dir says otherwise. */
function defaultDataDir(): string {
  return join(homedir(), '.headroom');
}

/** `headroom analyze PATH ...`: the recording analysis, with the user's profiles and then the shipped examples. */
function analyze(argv: readonly string[]): Promise<number> {
  const quiet = { warn: () => undefined, info: () => undefined, error: () => undefined };
  const store = new ProfileStore({ dir: join(defaultDataDir(), 'profiles'), examplesDir: EXAMPLE_PROFILES_DIR, logger: quiet, now: () => new Date() });
  return runAnalyze(argv, {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    interactive: process.stderr.isTTY === true,
    loadProfile: (id) => store.load(id),
    now: () => new Date(),
  });
}

/**
 * The profile in force at start: --profile, or the simulator's own venue when running on it. A profile that
 * cannot be loaded is reported and the defaults are used: the bridge still starts.
 */
async function loadInitialProfile(
  store: ProfileStore,
  options: BridgeCliOptions,
  logger: Logger,
): Promise<{ id: string | null; profile: VenueProfile }> {
  const id = options.profile ?? (options.console === 'sim' ? SIMULATOR_PROFILE_ID : null);
  if (id === null) return { id: null, profile: defaultProfile() };
  try {
    return { id, profile: await store.load(id) };
  } catch (error) {
    logger.error({ profile: id, err: (error as Error).message }, 'venue profile could not be loaded: using default targets');
    return { id: null, profile: defaultProfile() };
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`headroom: could not start: ${(error as Error).message ?? String(error)}\n`);
  process.exit(1);
});
