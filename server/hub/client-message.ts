/**
 * Validation of messages from tablets. Anything that is not a well-formed ClientMessage becomes a
 * typed rejection with a stable code; nothing here throws.
 */
import { z } from 'zod';
import type { ClientMessage, ErrorCode } from './protocol';

/** Largest client message accepted, bytes. Real messages are well under 1 KiB. */
export const MAX_CLIENT_MESSAGE_BYTES = 16 * 1024;

const requestId = z.string().min(1).max(64).optional();
const suggestionId = z.string().min(1).max(200);

const clientMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('apply'), requestId, suggestionId, confirm: z.boolean().optional() }).strict(),
  z.object({ type: z.literal('dismiss'), requestId, suggestionId }).strict(),
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
