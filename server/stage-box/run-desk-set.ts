/**
 * `--desks`: one bridge process, several desks on one stage box. Wires each desk as main.ts wires a single
 * one (its journal and backups under <data-dir>/desks/<id>/, its advisor, its hub on its own port, its PIN)
 * and joins them with the gain tracker. The simulator's mode (`--console sim --desks N`) links N simulated
 * desks through a simulated box; a desk-set file names real desks.
 */
import { join } from 'node:path';
import { generatePin } from '../auth/pin';
import { startBridge } from '../bridge';
import { deskBridge, loadInitialProfile, SIMULATOR_PROFILE_ID } from '../desk-bridge';
import type { BridgeCliOptions } from '../cli/options';
import { createConsole, CONSOLE_REGISTRY } from '../consoles/registry';
import type { Console } from '../consoles/console';
import { SimulatorConsole } from '../consoles/simulator/simulator-console';
import type { Logger } from '../logger';
import { ProfileStore } from '../profiles/profile-store';
import { FileJournal } from '../safety/journal';
import { tabletUrls } from '../tablet-urls';
import { DEFAULT_CONFLICT_WINDOW_MS, startDeskSet, type DeskSetMember } from './desk-set';
import { loadDeskSet, type DeskSetDesk } from './desk-set-file';
import { linkSimulatedBox, simulatedBoxMapping } from './simulated-box';
import type { StageBoxConfig } from './stage-box';

export interface DeskSetRun {
  options: BridgeCliOptions;
  /** The engineer PIN from --pin or HEADROOM_PIN; null: generate one. A desk-set file may give a desk its own. */
  pin: string | null;
  logger: Logger;
  uiDir: string;
  /** Shipped example profiles (read only). */
  examplesDir: string;
  dataDir: string;
}

const SIM_DESKS: readonly Pick<DeskSetDesk, 'id' | 'name' | 'role'>[] = [
  { id: 'foh', name: 'FOH', role: 'foh' },
  { id: 'mon', name: 'Monitors', role: 'monitor' },
  { id: 'desk3', name: 'Desk 3', role: 'broadcast' },
  { id: 'desk4', name: 'Desk 4', role: 'broadcast' },
];


/** Resolves when every desk runs; the process then lives until SIGINT/SIGTERM. Exits 2 on a bad desk-set file. */
export async function runDeskSet(run: DeskSetRun): Promise<void> {
  const { options, logger } = run;
  const lifetime = new AbortController();
  let desks: DeskSetDesk[];
  let box: StageBoxConfig;
  const consoles = new Map<string, Console>();
  const cleanups: (() => void)[] = [];
  if (options.desks?.kind === 'file') {
    const loaded = await loadDeskSet(options.desks.path);
    if (!loaded.ok) {
      process.stderr.write(`headroom: --desks ${loaded.error}\n`);
      process.exit(2);
    }
    ({ desks, box } = loaded.file);
    for (const desk of desks) {
      consoles.set(desk.id, await createConsole({ ...options, console: desk.console, host: desk.host, consolePort: desk.consolePort ?? CONSOLE_REGISTRY[desk.console].defaultPort, model: desk.model, map: desk.map }, logger));
    }
  } else {
    const count = options.desks?.count ?? 2;
    desks = SIM_DESKS.slice(0, count).map((d, i) => ({ ...d, console: 'sim', host: null, consolePort: null, model: null, map: null, httpPort: options.httpPort === 0 ? 0 : options.httpPort + i, pin: null }));
    const sims = desks.map(() => new SimulatorConsole({ seed: options.seed, autoRun: true }));
    desks.forEach((d, i) => consoles.set(d.id, sims[i]!));
    cleanups.push(linkSimulatedBox(sims));
    box = { ports: {}, owner: 'foh', mapping: simulatedBoxMapping(desks.map((d) => d.id), sims[0]!.snapshot().channels.length) };
  }

  const store = new ProfileStore({ dir: options.profilesDir ?? join(run.dataDir, 'profiles'), examplesDir: run.examplesDir, logger, now: () => new Date() });
  await store.prepare();
  const initial = await loadInitialProfile(store, options.profile ?? (options.desks?.kind === 'sim' ? SIMULATOR_PROFILE_ID : null), logger);
  const sharedPin = run.pin ?? generatePin();

  const members: DeskSetMember[] = [];
  for (const desk of desks) {
    const deskDir = join(run.dataDir, 'desks', desk.id);
    const journal = await FileJournal.open(join(deskDir, 'journal.jsonl'), (line, reason) => logger.warn({ desk: desk.id, line, reason }, 'journal line unreadable; kept the rest'));
    const inner = consoles.get(desk.id)!;
    members.push({
      id: desk.id,
      name: desk.name,
      role: desk.role,
      console: inner,
      aes50Headamps: desk.console === 'x32',
      journal,
      startBridge: (console, features, otherDesks) => {
        const wired = deskBridge({ console: inner, journal, dataDir: deskDir, pin: desk.pin ?? sharedPin, httpPort: desk.httpPort, uiDir: run.uiDir, options, store, initial, logFields: { desk: desk.id }, logger, otherDesks });
        return startBridge(wired.bridgeOptions(console, features));
      },
    });
  }
  const set = await startDeskSet({
    desks: members,
    config: box,
    conflictWindowMs: DEFAULT_CONFLICT_WINDOW_MS,
    onError: (error) => logger.error({ err: String(error) }, 'gain tracking failed'),
  });
  for (const console of consoles.values()) await console.start(lifetime.signal);

  const lines = ['', `Headroom is running on ${desks.length} desks sharing one stage box${options.readOnly ? ' (READ-ONLY)' : ''}.`];
  for (const desk of desks) {
    const port = set.bridges.get(desk.id)!.port;
    lines.push(`${desk.name} (${desk.role}, ${consoles.get(desk.id)!.identity().model}): open on a tablet:`, ...tabletUrls(port, options.httpHost).map((u) => `  ${u}`));
    if (desk.pin !== null) lines.push(`  Engineer PIN: as set in the desk-set file`);
  }
  lines.push(
    run.pin === null ? `Engineer PIN: ${sharedPin}  (every desk without its own PIN in the desk-set file)` : 'Engineer PIN: as set with --pin / HEADROOM_PIN',
    `Stage box: preamps owned by ${box.owner}; gain tracking of changes made at a desk is off until switched on at a tablet.`,
    `Journals and backups: ${join(run.dataDir, 'desks')}`,
    '',
  );
  process.stdout.write(lines.join('\n'));

  const shutdown = (signalName: string) => {
    logger.info({ signal: signalName }, 'shutting down');
    lifetime.abort();
    cleanups.forEach((cleanup) => cleanup());
    set.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.on('uncaughtException', (error) => logger.error({ err: error.stack ?? String(error) }, 'uncaught exception: bridge keeps running'));
  process.on('unhandledRejection', (error) => logger.error({ err: String(error) }, 'unhandled rejection: bridge keeps running'));
}
