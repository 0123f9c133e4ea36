/**
 * The safety features on the hub: undo (last, any entry, a whole soundcheck), restore of the backup taken
 * at connect, and the journal (on connect, on request, and GET /api/journal). Writing needs the engineer
 * role; reading the journal and the backup does not.
 */
import type { ApiReply, ApiRoute } from '../hub/api-route';
import { MAX_JOURNAL_PAGE } from '../hub/client-message';
import type { HubFeature } from '../hub/feature';
import type { ServerMessage, WireJournalEntry } from '../hub/protocol';
import type { BackupKeeper } from './backup';
import type { Journal } from './journal';
import { encodeJournalEntry } from './journal-codec';
import type { SafeWriter } from './safe-writer';
import { describeOutcome, readOnlyRefusal, writeAction } from './write-replies';

export interface SafetyFeatureOptions {
  writer: SafeWriter;
  journal: Journal;
  backup: BackupKeeper;
}

/** Journal entries a tablet gets on connect and per request by default. */
export const DEFAULT_JOURNAL_PAGE = 50;

/** Up to `limit` entries with seq below `beforeSeq` (null: the newest), oldest first. */
export function journalPage(journal: Journal, beforeSeq: number | null, limit: number): { entries: WireJournalEntry[]; total: number } {
  const all = journal.entries();
  const below = beforeSeq === null ? all : all.filter((e) => e.seq < beforeSeq);
  return { entries: below.slice(-limit).map(encodeJournalEntry), total: all.length };
}

export function safetyFeature(options: SafetyFeatureOptions): HubFeature {
  const { writer, journal, backup } = options;

  const journalRoute: ApiRoute = {
    method: 'GET',
    path: '/api/journal',
    handle: (request): ApiReply => {
      const number = (name: string, min: number, max: number): number | null | 'bad' => {
        const text = request.query.get(name);
        if (text === null) return null;
        const value = Number(text);
        return /^\d+$/.test(text) && value >= min && value <= max ? value : 'bad';
      };
      const limit = number('limit', 1, MAX_JOURNAL_PAGE);
      const beforeSeq = number('beforeSeq', 1, Number.MAX_SAFE_INTEGER);
      if (limit === 'bad' || beforeSeq === 'bad') {
        return { status: 400, body: { code: 'bad-request', error: `limit must be 1..${MAX_JOURNAL_PAGE} and beforeSeq a positive whole number` } };
      }
      return { status: 200, body: journalPage(journal, beforeSeq, limit ?? DEFAULT_JOURNAL_PAGE) };
    },
  };
  const backupRoute: ApiRoute = {
    method: 'GET',
    path: '/api/backup',
    handle: (): ApiReply => ({
      status: 200,
      body: {
        status: backup.status(),
        values: (backup.backup()?.values ?? []).map((v) => ({ ...v, value: Number.isFinite(v.value) ? v.value : null })),
      },
    }),
  };

  return {
    routes: [journalRoute, backupRoute],
    welcome: (): ServerMessage[] => [
      { type: 'journal', requestId: null, ...journalPage(journal, null, DEFAULT_JOURNAL_PAGE) },
      { type: 'backup', backup: backup.status() },
    ],
    handlers: {
      'journal-request': {
        access: 'viewer',
        handle: async (_client, message) => [
          { type: 'journal', requestId: message.requestId ?? null, ...journalPage(journal, message.beforeSeq ?? null, message.limit ?? DEFAULT_JOURNAL_PAGE) },
        ],
      },
      undo: {
        access: 'engineer',
        handle: async (client, message) => [
          await writeAction(
            message,
            async () => (message.actionSeq !== undefined
              ? writer.undoAction(client.clientId, message.actionSeq, message.confirm === true)
              : { entries: [await writer.undo(client.clientId, message.seq ?? null, message.confirm === true)], failures: [] }),
            (outcome) => describeOutcome('undo', outcome),
          ),
        ],
      },
      'undo-soundcheck': {
        access: 'engineer',
        handle: async (client, message) => [
          await writeAction(
            message,
            () => writer.undoSoundcheck(client.clientId, message.soundcheckId, message.confirm === true),
            (outcome) => describeOutcome('undo-soundcheck', outcome),
          ),
        ],
      },
      'restore-backup': {
        access: 'engineer',
        handle: async (client, message) => {
          if (writer.readOnly) return [readOnlyRefusal(message.requestId ?? null)];
          const taken = backup.backup();
          if (taken === null) {
            return [{ type: 'error', requestId: message.requestId ?? null, code: 'no-backup', message: 'No backup yet: it is taken when the console first becomes ready.' }];
          }
          return [
            await writeAction(
              message,
              () => writer.restore(client.clientId, taken.values, message.confirm === true),
              (outcome) => describeOutcome('restore-backup', outcome),
            ),
          ];
        },
      },
    },
  };
}
