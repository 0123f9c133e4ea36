/**
 * The write actions of the safety path as the tablet asks for them: apply a soundcheck result, undo (a
 * whole change, or any journal entry), undo a soundcheck, restore the backup. The bridge answers each
 * message with what the console confirmed (write-result), a refusal (error), or a question
 * (needs-confirmation: nothing was written; the engineer confirms and the tablet resends exactly what the
 * bridge gave back).
 *
 * Undoing a change that wrote several values (a gain and its compensating fader and sends) sends one undo
 * of the whole action: the bridge takes it back as one batch, so the levels it kept stay kept.
 */
import type { ConfirmableMessage, ServerMessage, WireJournalEntry } from '../../../server/hub/protocol';
import type { BridgeLink, Clock, MessageSink } from './bridge-connection.svelte';
import { describeUndo, describeWrite, formatParamValue, paramUnit } from './journal-text';
import { PendingRequests } from './pending-requests.svelte';

/** A question from the bridge waiting for the engineer's Confirm or Cancel. */
export interface WriteConfirmation {
  /** Which button asked (see the DeskWrites keys). */
  key: string;
  /** What the engineer asked for: "Undo Ch 1 Kick gain". */
  title: string;
  /** The bridge's question: "Ch 1 Kick gain: a 19.5 dB step exceeds the 6 dB limit; confirm to apply." */
  message: string;
  /** Every value the action writes back, when it is more than the one the question is about. */
  details: string[];
}

/** The last answer to a button's write, to show next to it. */
export interface WriteOutcome {
  tone: 'ok' | 'error';
  message: string;
}

/** One engineer action: one message, or (undo of a change) several sent one after the other. */
interface WriteJob {
  key: string;
  title: string;
  /** Messages not sent yet, in order. */
  queue: ConfirmableMessage[];
  /** The engineer confirmed this action: the rest of the queue goes with confirm: true. */
  confirmed: boolean;
  details: string[];
  /** Entries the console confirmed so far. */
  written: WireJournalEntry[];
  /** The bridge's summaries so far. */
  summaries: string[];
  /** The message the bridge asked about, to resend as given once confirmed. */
  resend: ConfirmableMessage | null;
}

/** Writes can take a while on a big restore (each value is read back); after this long the tablet says so, ms. */
const WRITE_TIMEOUT_MS = 30_000;

export class DeskWrites implements MessageSink {
  readonly #link: BridgeLink;
  readonly #pending: PendingRequests<WriteJob>;
  #asking = $state.raw<WriteJob | null>(null);
  #outcomes = $state.raw<ReadonlyMap<string, WriteOutcome>>(new Map());

  constructor(link: BridgeLink, clock: Clock) {
    this.#link = link;
    this.#pending = new PendingRequests(clock, WRITE_TIMEOUT_MS, (job) =>
      this.#settle(job, 'error', `${job.title}: no answer from the bridge; check the desk before trying again.`),
    );
  }

  /** The bridge's open question, or null. */
  get confirmation(): WriteConfirmation | null {
    const job = this.#asking;
    if (job === null) return null;
    return { key: job.key, title: job.title, message: job.summaries.at(-1) ?? '', details: job.details };
  }

  /** True while the action of button `key` waits for answers (or for the engineer's confirmation). */
  busy(key: string): boolean {
    return this.#asking?.key === key || this.#pending.some((job) => job.key === key);
  }

  outcome(key: string): WriteOutcome | null {
    return this.#outcomes.get(key) ?? null;
  }

  /** Key of the Apply button of one soundcheck result. */
  static applyKey(soundcheckId: string, channel: number): string {
    return `soundcheck-apply:${soundcheckId}:${channel}`;
  }

  /** Key of the Undo button of one journal entry. */
  static undoKey(seq: number): string {
    return `undo:${seq}`;
  }

  /** Key of "Undo" on the last change. */
  static readonly undoChangeKey = 'undo:change';

  static undoSoundcheckKey(soundcheckId: string): string {
    return `undo-soundcheck:${soundcheckId}`;
  }

  static readonly restoreKey = 'restore-backup';

  applySoundcheck(soundcheckId: string, channel: number, label: string): void {
    this.#start(DeskWrites.applyKey(soundcheckId, channel), `Apply ${label}`, [{ type: 'soundcheck-apply', soundcheckId, channel }], []);
  }

  /** Undoes one journal entry (an undo entry is redone). */
  undoEntry(entry: WireJournalEntry): void {
    const verb = entry.undoOf === null ? 'Undo' : 'Redo';
    this.#start(DeskWrites.undoKey(entry.seq), `${verb} #${entry.seq} ${entry.label}`, [{ type: 'undo', seq: entry.seq }], []);
  }

  /** Undoes every value of a change (newest first, as journal order gives them back). */
  undoChange(change: readonly WireJournalEntry[]): void {
    // Journal order is newest first: the action's own change is the oldest, its compensations came after.
    const main = change.at(-1);
    if (main === undefined) return;
    const others = change.length - 1;
    const back = `${formatParamValue(main.param, main.confirmedValue)} → ${formatParamValue(main.param, main.beforeValue)}${paramUnit(main.param) === '' ? '' : ` ${paramUnit(main.param)}`}`;
    const title = `Undo ${main.label} ${back}${others === 0 ? '' : ` and its ${others} compensating ${others === 1 ? 'move' : 'moves'}`}`;
    const details = change.length === 1 ? [] : change.map((e) => `${e.label} ${describeUndo(e)}`);
    this.#start(DeskWrites.undoChangeKey, title, [{ type: 'undo', actionSeq: main.actionSeq }], details);
  }

  undoSoundcheck(soundcheckId: string): void {
    this.#start(DeskWrites.undoSoundcheckKey(soundcheckId), 'Undo this soundcheck', [{ type: 'undo-soundcheck', soundcheckId }], []);
  }

  restoreBackup(): void {
    this.#start(DeskWrites.restoreKey, 'Restore the desk from the backup', [{ type: 'restore-backup' }], []);
  }

  /** The engineer confirmed the bridge's question: send what it gave back, as it is. */
  confirm(): void {
    const job = this.#asking;
    if (job === null || job.resend === null) return;
    this.#asking = null;
    job.confirmed = true;
    this.#send(job, job.resend);
  }

  cancelConfirmation(): void {
    const job = this.#asking;
    if (job === null) return;
    this.#asking = null;
    const already = job.written.length > 0 ? ` ${job.written.length} value(s) were already written back.` : '';
    this.#settle(job, 'error', `${job.title}: cancelled, nothing more was written.${already}`);
  }

  receive(message: ServerMessage): boolean {
    if (message.type !== 'write-result' && message.type !== 'needs-confirmation' && message.type !== 'error') return false;
    const job = this.#pending.take(message.requestId);
    if (job === undefined) return false;
    if (message.type === 'error') {
      this.#settle(job, 'error', `${job.title}: ${message.message}`);
    } else if (message.type === 'needs-confirmation') {
      job.summaries.push(message.message);
      job.resend = message.resend;
      this.#asking = job;
    } else {
      job.written.push(...message.entries);
      job.summaries.push(message.message);
      const next = job.queue.shift();
      if (message.failures.length > 0) this.#settle(job, 'error', job.summaries.join(' '));
      else if (next !== undefined) this.#send(job, job.confirmed ? { ...next, confirm: true } : next);
      else if (job.written.length === 0) this.#settle(job, 'ok', message.message);
      else this.#settle(job, 'ok', `${job.title}: ${job.written.length} ${job.written.length === 1 ? 'value' : 'values'} written, each confirmed by the desk.`);
    }
    return true;
  }

  dropped(): void {
    for (const job of this.#pending.clear()) {
      this.#settle(job, 'error', `${job.title}: the connection dropped before the bridge answered; check the desk.`);
    }
    const asking = this.#asking;
    this.#asking = null;
    if (asking !== null) this.#settle(asking, 'error', `${asking.title}: the connection dropped; nothing more was written.`);
  }

  #start(key: string, title: string, messages: ConfirmableMessage[], details: string[]): void {
    const blocked = this.#link.applyBlockedBy;
    if (blocked !== null) {
      this.#outcomes = new Map(this.#outcomes).set(key, { tone: 'error', message: `${title}: ${blocked} Nothing was sent.` });
      this.#link.notify('error', `${title}: ${blocked} Nothing was sent.`);
      return;
    }
    const [first, ...rest] = messages;
    if (first === undefined || this.busy(key)) return;
    this.#send({ key, title, queue: rest, confirmed: false, details, written: [], summaries: [], resend: null }, first);
  }

  #send(job: WriteJob, message: ConfirmableMessage): void {
    const requestId = this.#link.newRequestId();
    if (this.#link.send({ ...message, requestId })) this.#pending.add(requestId, job);
    else this.#settle(job, 'error', `${job.title}: not connected; nothing more was sent.`);
  }

  #settle(job: WriteJob, tone: WriteOutcome['tone'], message: string): void {
    this.#outcomes = new Map(this.#outcomes).set(job.key, { tone, message });
    // One notice per action: the values it wrote go underneath, folded away.
    this.#link.report(tone, message, job.written.map((entry) => `${entry.label} ${describeWrite(entry)}`));
  }
}
