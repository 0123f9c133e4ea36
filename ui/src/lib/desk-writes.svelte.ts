/**
 * The write actions of the safety path as the tablet asks for them: apply a soundcheck result, undo (the
 * last change or any journal entry), undo a whole soundcheck, restore the backup. The bridge answers each
 * with what the console confirmed (write-result), a refusal (error), or a question (needs-confirmation:
 * nothing was written; the engineer confirms and the tablet resends exactly what the bridge gave back).
 */
import type { ConfirmableMessage, ServerMessage, WireJournalEntry } from '../../../server/hub/protocol';
import type { BridgeLink, Clock, MessageSink } from './bridge-connection.svelte';
import { PendingRequests } from './pending-requests.svelte';

/** A question from the bridge waiting for the engineer's Confirm or Cancel. */
export interface WriteConfirmation {
  /** Which button asked (see DeskWrites keys). */
  key: string;
  /** What the engineer asked for: "Undo Ch 1 Kick gain". */
  title: string;
  /** The bridge's question: "Ch 1 Kick gain: a 19.5 dB step exceeds the 6 dB limit; confirm to apply." */
  message: string;
  resend: ConfirmableMessage;
}

/** The last answer to a button's write, to show next to it. */
export interface WriteOutcome {
  tone: 'ok' | 'error';
  message: string;
}

interface PendingWrite {
  key: string;
  title: string;
}

/** Writes can take a while on a big restore (each value is read back); after this long the tablet says so, ms. */
export const WRITE_TIMEOUT_MS = 30_000;

export class DeskWrites implements MessageSink {
  readonly #link: BridgeLink;
  readonly #pending: PendingRequests<PendingWrite>;
  #confirmation = $state.raw<WriteConfirmation | null>(null);
  #outcomes = $state.raw<ReadonlyMap<string, WriteOutcome>>(new Map());

  constructor(link: BridgeLink, clock: Clock) {
    this.#link = link;
    this.#pending = new PendingRequests(clock, WRITE_TIMEOUT_MS, (write) =>
      this.#settle(write, { tone: 'error', message: `${write.title}: no answer from the bridge; check the desk before trying again.` }),
    );
  }

  /** The bridge's open question, or null. */
  get confirmation(): WriteConfirmation | null {
    return this.#confirmation;
  }

  /** True while the write asked by button `key` waits for its answer. */
  busy(key: string): boolean {
    return this.#pending.some((write) => write.key === key);
  }

  outcome(key: string): WriteOutcome | null {
    return this.#outcomes.get(key) ?? null;
  }

  /** Key of the Apply button of one soundcheck result. */
  static applyKey(soundcheckId: string, channel: number): string {
    return `soundcheck-apply:${soundcheckId}:${channel}`;
  }

  /** Key of the Undo button of a journal entry, or of "Undo last" (null). */
  static undoKey(seq: number | null): string {
    return seq === null ? 'undo:last' : `undo:${seq}`;
  }

  static undoSoundcheckKey(soundcheckId: string): string {
    return `undo-soundcheck:${soundcheckId}`;
  }

  static readonly restoreKey = 'restore-backup';

  applySoundcheck(soundcheckId: string, channel: number, label: string): void {
    this.#write(DeskWrites.applyKey(soundcheckId, channel), `Apply ${label}`, (requestId) => ({
      type: 'soundcheck-apply',
      requestId,
      soundcheckId,
      channel,
    }));
  }

  /** Undoes `entry`, or the last change when null. */
  undo(entry: WireJournalEntry | null): void {
    const title = entry === null ? 'Undo the last change' : `Undo #${entry.seq} ${entry.label}`;
    this.#write(DeskWrites.undoKey(entry?.seq ?? null), title, (requestId) =>
      entry === null ? { type: 'undo', requestId } : { type: 'undo', requestId, seq: entry.seq },
    );
  }

  undoSoundcheck(soundcheckId: string): void {
    this.#write(DeskWrites.undoSoundcheckKey(soundcheckId), 'Undo this soundcheck', (requestId) => ({
      type: 'undo-soundcheck',
      requestId,
      soundcheckId,
    }));
  }

  restoreBackup(): void {
    this.#write(DeskWrites.restoreKey, 'Restore the desk from the backup', (requestId) => ({ type: 'restore-backup', requestId }));
  }

  /** The engineer confirmed the bridge's question: send what it gave back, as it is. */
  confirm(): void {
    const question = this.#confirmation;
    if (question === null) return;
    this.#confirmation = null;
    this.#write(question.key, question.title, (requestId) => ({ ...question.resend, requestId }));
  }

  cancelConfirmation(): void {
    const question = this.#confirmation;
    if (question === null) return;
    this.#confirmation = null;
    this.#settle({ key: question.key, title: question.title }, { tone: 'error', message: `${question.title}: cancelled, nothing was written.` });
  }

  receive(message: ServerMessage): boolean {
    if (message.type !== 'write-result' && message.type !== 'needs-confirmation' && message.type !== 'error') return false;
    const write = this.#pending.take(message.requestId);
    if (write === undefined) return false;
    if (message.type === 'write-result') {
      const failed = message.failures.length > 0;
      this.#settle(write, { tone: failed ? 'error' : 'ok', message: message.message });
    } else if (message.type === 'needs-confirmation') {
      this.#confirmation = { key: write.key, title: write.title, message: message.message, resend: message.resend };
    } else {
      this.#settle(write, { tone: 'error', message: `${write.title}: ${message.message}` });
    }
    return true;
  }

  dropped(): void {
    for (const write of this.#pending.clear()) {
      this.#settle(write, { tone: 'error', message: `${write.title}: the connection dropped before the bridge answered; check the desk.` });
    }
    this.#confirmation = null;
  }

  #write(key: string, title: string, build: (requestId: string) => ConfirmableMessage): void {
    const blocked = this.#link.applyBlockedBy;
    if (blocked !== null) {
      this.#settle({ key, title }, { tone: 'error', message: `${title}: ${blocked} Nothing was sent.` });
      return;
    }
    if (this.busy(key)) return;
    const requestId = this.#link.newRequestId();
    if (this.#link.send(build(requestId))) this.#pending.add(requestId, { key, title });
  }

  #settle(write: PendingWrite, outcome: WriteOutcome): void {
    this.#outcomes = new Map(this.#outcomes).set(write.key, outcome);
    this.#link.notify(outcome.tone, outcome.message);
  }
}
