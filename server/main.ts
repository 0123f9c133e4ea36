/**
 * Entry point: parses the command line, builds the console, the advisor and the bridge, prints where the
 * tablets should go. The only module that wires things together.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Advisor } from './advisor/advisor';
import { startBridge } from './bridge';
import { parseCliOptions, usage, type BridgeCliOptions } from './cli/options';
import { createConsole } from './consoles/create-console';
import { suggest } from './engine/suggest';
import { DEFAULT_WINDOWS_MS, RollingMeterStatistics } from './meters/rolling-meter-statistics';
import { createLogger } from './logger';
import { defaultProfile } from './profiles/default-profile';
import { FileJournal } from './safety/journal';
import { qrSvg, qrTerminal, tabletUrls } from './tablet-urls';
import { buildUi, isUiBuildStale } from './ui-build';

/** The engine judges the last 8 s of meter history (the longest rolling window). */
const ENGINE_WINDOW_MS = 8000;

const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));

async function main(argv: readonly string[]): Promise<void> {
  const parsed = parseCliOptions(argv);
  if (!parsed.ok) {
    process.stderr.write(`headroom: ${parsed.error}\n\n${usage()}\n`);
    process.exit(2);
  }
  if (parsed.options.help) {
    process.stdout.write(`${usage()}\n`);
    return;
  }
  await run(parsed.options);
}

async function run(options: BridgeCliOptions): Promise<void> {
  const logger = createLogger(options.logLevel);
  const uiDir = join(repoRoot, 'dist', 'ui');
  if (await isUiBuildStale(uiDir, [join(repoRoot, 'ui'), join(repoRoot, 'vite.config.ts')])) {
    logger.info({}, 'building the tablet UI (first start or sources changed)');
    await buildUi(join(repoRoot, 'vite.config.ts'));
  }

  const lifetime = new AbortController();
  const desk = createConsole(options, logger);
  const dataDir = options.dataDir ?? join(homedir(), '.headroom');
  const journal = await FileJournal.open(join(dataDir, 'journal.jsonl'), (line, reason) =>
    logger.warn({ line, reason }, 'journal line unreadable; kept the rest'),
  );
  const advisor = new Advisor({
    console: desk,
    statistics: new RollingMeterStatistics({ windowsMs: DEFAULT_WINDOWS_MS }),
    suggest,
    profile: defaultProfile(),
    windowMs: ENGINE_WINDOW_MS,
    evaluateEveryMs: 500,
    nowMs: Date.now,
    onError: (error) => logger.error({ err: String(error) }, 'engine failed'),
  });

  let urls: string[] = [];
  const bridge = await startBridge({
    console: desk,
    advisor,
    journal,
    readOnly: options.readOnly,
    maxStepDb: 6,
    uiDir,
    httpHost: options.httpHost,
    httpPort: options.httpPort,
    meterIntervalMs: 50,
    logger,
    extraApi: (path) => {
      if (path === '/urls') return qrSvg(urls[0] ?? '').then((svg) => ({ urls, qrSvg: svg }));
      return undefined;
    },
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
      `Write journal: ${join(dataDir, 'journal.jsonl')}`,
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

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`headroom: could not start: ${(error as Error).message ?? String(error)}\n`);
  process.exit(1);
});
