/**
 * Validation of messages from tablets. Anything that is not a well-formed ClientMessage becomes a
 * typed rejection with a stable code; nothing here throws.
 */
import { z } from 'zod';
import type { ClientMessage, ErrorCode } from './protocol';

/** Largest client message accepted, bytes. Real messages are well under 1 KiB. */
export const MAX_CLIENT_MESSAGE_BYTES = 16 * 1024;

/** Soundcheck window limits, ms (the engineer picks 2..30 s; 8 s when absent). */
export const MIN_SOUNDCHECK_WINDOW_MS = 2000;
export const MAX_SOUNDCHECK_WINDOW_MS = 30_000;
/** Most channels one soundcheck message may name (the largest desks have 144 inputs). */
export const MAX_SOUNDCHECK_CHANNELS = 144;
/** Most journal entries one journal-request returns. */
export const MAX_JOURNAL_PAGE = 500;

const requestId = z.string().min(1).max(64).optional();
const suggestionId = z.string().min(1).max(200);
const confirm = z.boolean().optional();
const soundcheckId = z.string().min(1).max(64);
const channel = z.number().int().min(1).max(999);
const channels = z.array(channel).min(1).max(MAX_SOUNDCHECK_CHANNELS)
  .refine((list) => new Set(list).size === list.length, 'channels must not repeat');
const windowMs = z.number().int().min(MIN_SOUNDCHECK_WINDOW_MS).max(MAX_SOUNDCHECK_WINDOW_MS).optional();
const profileId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a profile id is lowercase letters, digits and dashes');
const recallSelection = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('preamps') }).strict(),
  z.object({ kind: z.literal('channels'), channels }).strict(),
]);
const seq = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const meterView = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }).strict(),
  z.object({ kind: z.literal('overview') }).strict(),
  z.object({ kind: z.literal('channel'), channel }).strict(),
  z.object({ kind: z.literal('mix'), bus: z.number().int().min(1).max(999).nullable() }).strict(),
]);

const clientMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), requestId, meterFormat: z.enum(['binary', 'json']) }).strict(),
  z.object({ type: z.literal('resync'), requestId }).strict(),
  z.object({ type: z.literal('meters-view'), requestId, view: meterView }).strict(),
  z.object({ type: z.literal('suggestion-detail'), requestId, suggestionId }).strict(),
  z.object({ type: z.literal('apply'), requestId, suggestionId, confirm, proposedValue: z.number().nullable().optional(), version: z.string().min(1).max(64).optional() }).strict(),
  z.object({ type: z.literal('dismiss'), requestId, suggestionId }).strict(),
  z.object({ type: z.literal('auth'), requestId, token: z.string().min(1).max(128) }).strict(),
  z.object({ type: z.literal('logout'), requestId }).strict(),
  z.object({ type: z.literal('soundcheck-start'), requestId, channels, windowMs }).strict(),
  z.object({ type: z.literal('soundcheck-check-all'), requestId, channels: channels.optional(), windowMs }).strict(),
  z.object({ type: z.literal('soundcheck-next'), requestId, soundcheckId }).strict(),
  z.object({ type: z.literal('soundcheck-cancel'), requestId, soundcheckId: soundcheckId.optional() }).strict(),
  z.object({ type: z.literal('soundcheck-apply'), requestId, soundcheckId, channel, confirm }).strict(),
  z.object({ type: z.literal('undo'), requestId, seq: seq.optional(), actionSeq: seq.optional(), confirm }).strict(),
  z.object({ type: z.literal('undo-soundcheck'), requestId, soundcheckId, confirm }).strict(),
  z.object({ type: z.literal('restore-backup'), requestId, confirm }).strict(),
  z.object({ type: z.literal('journal-request'), requestId, beforeSeq: seq.optional(), limit: z.number().int().min(1).max(MAX_JOURNAL_PAGE).optional() }).strict(),
  z.object({ type: z.literal('venue-activate'), requestId, id: profileId }).strict(),
  z.object({ type: z.literal('venue-preview'), requestId, id: profileId, selection: recallSelection }).strict(),
  z.object({ type: z.literal('venue-save'), requestId, id: profileId, venue: z.string().min(1).max(128).optional() }).strict(),
  z.object({ type: z.literal('venue-recall'), requestId, id: profileId, selection: recallSelection, confirm }).strict(),
]);

export type ParsedClientMessage =
  | { ok: true; message: ClientMessage }
  | { ok: false; code: ErrorCode; message: string; requestId: string | null };

export function parseClientMessage(data: string): ParsedClientMessage {
  if (data.length > MAX_CLIENT_MESSAGE_BYTES) {
    return { ok: false, code: 'too-large', message: `message of ${data.length} bytes exceeds ${MAX_CLIENT_MESSAGE_BYTES}`, requestId: null };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(data);
  } catch (error) {
    return { ok: false, code: 'bad-json', message: `not JSON: ${(error as Error).message}`, requestId: null };
  }
  const parsed = clientMessageSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    return { ok: false, code: 'bad-message', message: `${where}${issue?.message ?? 'invalid message'}`, requestId: extractRequestId(raw) };
  }
  return { ok: true, message: parsed.data };
}

function extractRequestId(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const id = (raw as Record<string, unknown>).requestId;
  return typeof id === 'string' && id.length <= 64 ? id : null;
}
