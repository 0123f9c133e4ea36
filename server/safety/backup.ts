/**
 * The backup taken when the console first becomes ready: every value Headroom may write, as the console
 * reported it, so the engineer can put the desk back as it was found in one action (SafeWriter.restore).
 */
import type { Console, ConnectionState } from '../consoles/console';
import { formatParamId, readParam, type ChannelScalarParam, type ParamId, type ParamSpec } from '../model/params';
import type { ConsoleIdentity, ConsoleSnapshot } from '../model/stages';
import type { RestoreValue } from './safe-writer';

export interface BackupStatus {
  /** When the backup was taken (the console's first 'ready' in this bridge run); null until then. */
  takenAtIso: string | null;
  /** How many values it holds (every value Headroom may write on this console). */
  valueCount: number;
  /** File the backup was saved to; null when it lives in memory only. */
  savedTo: string | null;
  /** Why saving to disk failed, else null. The backup in memory is still restorable. */
  problem: string | null;
}

export interface BackupValue extends RestoreValue {
  label: string;
}

export interface Backup {
  takenAtIso: string;
  console: ConsoleIdentity;
  values: BackupValue[];
}

/** Where backups are kept beyond memory. */
export interface BackupStore {
  /** Saves a backup; resolves with where it went (a file path), or null for a store without files. */
  save(backup: Backup): Promise<string | null>;
}

const CHANNEL_SCALARS: readonly ChannelScalarParam[] = [
  'preampGainDb', 'trimDb', 'phantom', 'faderDb', 'on', 'dynThresholdDb', 'dynMakeupDb', 'gateThresholdDb',
];

/** Every parameter of the snapshot's strips that the console can write (has a ParamSpec for), in strip order. */
export function writableParamIds(snapshot: ConsoleSnapshot, paramSpec: (id: ParamId) => ParamSpec | undefined): ParamId[] {
  const ids: ParamId[] = [];
  for (const ch of snapshot.channels) {
    for (const param of CHANNEL_SCALARS) ids.push(formatParamId({ scope: 'channel', channel: ch.index, param }));
    ch.eqBands.forEach((_, i) => ids.push(formatParamId({ scope: 'channel-eq', channel: ch.index, band: i + 1 })));
    for (const send of ch.sends) ids.push(formatParamId({ scope: 'channel-send', channel: ch.index, bus: send.bus }));
  }
  for (const bus of snapshot.buses) ids.push(formatParamId({ scope: 'bus', bus: bus.index }));
  for (const mtx of snapshot.matrices) ids.push(formatParamId({ scope: 'matrix', matrix: mtx.index }));
  ids.push(formatParamId({ scope: 'main' }));
  return ids.filter((id) => paramSpec(id) !== undefined);
}

/** Reads every writable value from the console's current snapshot. */
export function takeBackup(desk: Pick<Console, 'snapshot' | 'paramSpec' | 'identity'>, atIso: string): Backup {
  const snapshot = desk.snapshot();
  const values: BackupValue[] = [];
  for (const param of writableParamIds(snapshot, (id) => desk.paramSpec(id))) {
    const value = readParam(snapshot, param);
    const spec = desk.paramSpec(param);
    if (value !== undefined && spec !== undefined) values.push({ param, label: spec.label, value });
  }
  return { takenAtIso: atIso, console: desk.identity(), values };
}

export interface BackupKeeperOptions {
  console: Console;
  store: BackupStore;
  nowMs: () => number;
  /** The status changed (taken, saved, or saving failed). */
  onStatus: (status: BackupStatus) => void;
}

/** Takes the backup on the console's first 'ready' of this bridge run and keeps it for restore. */
export class BackupKeeper {
  readonly #options: BackupKeeperOptions;
  #backup: Backup | null = null;
  #savedTo: string | null = null;
  #problem: string | null = null;

  constructor(options: BackupKeeperOptions) {
    this.#options = options;
  }

  /** Starts watching the console state; aborting `signal` stops. Takes the backup at once if the console is ready. */
  start(signal: AbortSignal): void {
    const stop = this.#options.console.onState((state) => this.#onState(state));
    signal.addEventListener('abort', stop, { once: true });
    this.#onState(this.#options.console.state());
  }

  backup(): Backup | null {
    return this.#backup;
  }

  status(): BackupStatus {
    return {
      takenAtIso: this.#backup?.takenAtIso ?? null,
      valueCount: this.#backup?.values.length ?? 0,
      savedTo: this.#savedTo,
      problem: this.#problem,
    };
  }

  #onState(state: ConnectionState): void {
    if (state !== 'ready' || this.#backup !== null) return;
    const backup = takeBackup(this.#options.console, new Date(this.#options.nowMs()).toISOString());
    this.#backup = backup;
    this.#options.onStatus(this.status());
    this.#options.store.save(backup).then(
      (savedTo) => {
        this.#savedTo = savedTo;
        this.#options.onStatus(this.status());
      },
      (error: unknown) => {
        this.#problem = `could not save the backup: ${(error as Error).message ?? String(error)}`;
        this.#options.onStatus(this.status());
      },
    );
  }
}
