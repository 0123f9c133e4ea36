/**
 * Entry point (the `headroom` command; built into dist/headroom.js): parses the command line, builds the
 * console, the advisor and the bridge, prints where the tablets should go; `headroom analyze` hands over
 * to the recording analysis. The only module that wires things together.
 */
import { readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { generatePin, pinProblem } from './auth/pin';
import { startBridge } from './bridge';
import { parseCliOptions, usage, type BridgeCliOptions } from './cli/options';
import { createConsole } from './consoles/registry';
import { formatMidiPortList, listMidiPorts, loadEasyMidi } from './consoles/midi/open-ports';
import { runAnalyze } from './consoles/recording/analysis/analyze-command';
import { RecordingConsole } from './consoles/recording/recording-console';
import { createLogger } from './logger';
import { ProfileStore } from './profiles/profile-store';
import { FileJournal } from './safety/journal';
import { runDeskSet } from './stage-box/run-desk-set';
import { deskBridge, loadInitialProfile, SIMULATOR_PROFILE_ID } from './desk-bridge';
import { PACKAGE_ROOT } from './package-root';
import { qrSvg, qrTerminal, tabletUrls } from './tablet-urls';

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
  const initial = await loadInitialProfile(store, options.profile ?? (options.console === 'sim' ? SIMULATOR_PROFILE_ID : null), logger);
  if (desk instanceof RecordingConsole) desk.adoptChannelPlan(initial.profile.channels);
  const engineerPin = pin ?? generatePin();
  const wired = deskBridge({ console: desk, journal, dataDir, pin: engineerPin, httpPort: options.httpPort, uiDir, options, store, initial, logFields: {}, logger });
  let urls: string[] = [];
  const bridge = await startBridge(wired.bridgeOptions(desk, () => [
    {
      handlers: {},
      welcome: () => [],
      routes: [
        { method: 'GET', path: '/api/urls', handle: async () => ({ status: 200, body: { urls, qrSvg: await qrSvg(urls[0] ?? '') } }) },
      ],
    },
  ]));
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

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`headroom: could not start: ${(error as Error).message ?? String(error)}\n`);
  process.exit(1);
});
