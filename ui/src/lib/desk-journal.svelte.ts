/**
 * The journal of console writes and the backup status as this tablet knows them: the latest page on
 * connect, every new write as it happens, older pages on request. Every tablet sees them, viewers included.
 */
import type { BackupStatus, ServerMessage, WireJournalEntry } from '../../../server/hub/protocol';
import type { BridgeLink, Clock, MessageSink } from './bridge-connection.svelte';
import { lastChange, mergeEntries, soundcheckWritesInForce, undoneBy } from './journal-book';
import { PendingRequests } from './pending-requests.svelte';

/** Entries asked for per older page. */
const PAGE_SIZE = 50;
const REQUEST_TIMEOUT_MS = 15_000;

export class DeskJournal implements MessageSink {
  readonly #link: BridgeLink;
  readonly #pages: PendingRequests<'page'>;
  #entries = $state.raw<WireJournalEntry[]>([]);
  #total = $state(0);
  #backup = $state.raw<BackupStatus | null>(null);

  #undone = $derived(undoneBy(this.#entries));
  #lastChange = $derived(lastChange(this.#entries, this.#undone));

  constructor(link: BridgeLink, clock: Clock) {
    this.#link = link;
    this.#pages = new PendingRequests(clock, REQUEST_TIMEOUT_MS, () => link.notify('error', 'Journal: the bridge did not send the older entries.'));
  }

  /** Entries held, oldest first. */
  get entries(): readonly WireJournalEntry[] {
    return this.#entries;
  }

  /** Entries in the bridge's journal (this tablet may hold fewer). */
  get total(): number {
    return this.#total;
  }

  get hasOlder(): boolean {
    return this.#entries.length < this.#total;
  }

  get loadingOlder(): boolean {
    return this.#pages.some(() => true);
  }

  get backup(): BackupStatus | null {
    return this.#backup;
  }

  /** The writes of the engineer's last change still in force, newest first (empty: nothing to undo). */
  get lastChange(): readonly WireJournalEntry[] {
    return this.#lastChange;
  }

  /** seq of the undo that undid entry `seq`, or null when it is in force. */
  undoneBy(seq: number): number | null {
    return this.#undone.get(seq) ?? null;
  }

  /** Writes from this soundcheck's results still in force, newest first. */
  soundcheckWrites(soundcheckId: string): WireJournalEntry[] {
    return soundcheckWritesInForce(this.#entries, this.#undone, soundcheckId);
  }

  loadOlder(): void {
    if (this.loadingOlder) return;
    const requestId = this.#link.newRequestId();
    const oldest = this.#entries[0]?.seq;
    if (this.#link.send({ type: 'journal-request', requestId, limit: PAGE_SIZE, ...(oldest === undefined ? {} : { beforeSeq: oldest }) })) {
      this.#pages.add(requestId, 'page');
    }
  }

  receive(message: ServerMessage): boolean {
    switch (message.type) {
      case 'journal': {
        const asked = this.#pages.take(message.requestId) !== undefined;
        // On connect (requestId null) the page is the journal as it is now: replace what an earlier connection left.
        this.#entries = message.requestId === null ? mergeEntries([], message.entries) : mergeEntries(this.#entries, message.entries);
        this.#total = message.total;
        return asked;
      }
      case 'journal-entry': {
        const held = this.#entries.length;
        this.#entries = mergeEntries(this.#entries, [message.entry]);
        if (this.#entries.length > held) this.#total++;
        return false;
      }
      case 'backup':
        this.#backup = message.backup;
        return false;
      case 'error':
        if (this.#pages.take(message.requestId) === undefined) return false;
        this.#link.notify('error', `Journal: ${message.message}`);
        return true;
      default:
        return false;
    }
  }

  dropped(): void {
    this.#pages.clear();
  }
}
