/**
 * How the outcome of a write action (soundcheck-apply, undo, undo-soundcheck, restore-backup) reaches the
 * tablet: a write-result listing what the console confirmed and what failed, a needs-confirmation carrying
 * the message to resend, or an error with a stable code.
 */
import type { ConfirmableMessage, ErrorCode, ServerMessage, WriteAction } from '../hub/protocol';
import { encodeJournalEntry } from './journal-codec';
import type { BatchOutcome } from './safe-writer';
import { describeEntry, READ_ONLY_MESSAGE, WriteError, type WriteErrorCode } from './safe-writer';

const ERROR_CODES: Record<Exclude<WriteErrorCode, 'needs-confirmation'>, ErrorCode> = {
  'read-only': 'read-only',
  'unknown-param': 'write-failed',
  'console-failed': 'write-failed',
  'journal-failed': 'write-failed',
  'nothing-to-undo': 'nothing-to-undo',
};

/** The refusal every write action gets from a read-only bridge, before anything else is looked at. */
export function readOnlyRefusal(requestId: string | null): ServerMessage {
  return { type: 'error', requestId, code: 'read-only', message: READ_ONLY_MESSAGE };
}

/** Runs a write action and turns its outcome or refusal into the reply for the tablet. */
export async function writeAction(
  request: ConfirmableMessage,
  action: () => Promise<BatchOutcome>,
  summary: (outcome: BatchOutcome) => string,
): Promise<ServerMessage> {
  const requestId = request.requestId ?? null;
  try {
    const outcome = await action();
    return {
      type: 'write-result',
      requestId,
      action: request.type,
      entries: outcome.entries.map(encodeJournalEntry),
      failures: outcome.failures.map((f) => ({ param: f.param, label: f.label, code: f.code, message: f.message })),
      message: summary(outcome),
    };
  } catch (error) {
    return refusal(request, error);
  }
}

function refusal(request: ConfirmableMessage, error: unknown): ServerMessage {
  const requestId = request.requestId ?? null;
  if (error instanceof WriteError) {
    if (error.code === 'needs-confirmation') {
      return { type: 'needs-confirmation', requestId, action: request.type, message: error.message, resend: { ...request, confirm: true } };
    }
    return { type: 'error', requestId, code: ERROR_CODES[error.code], message: error.message };
  }
  throw error;
}

/** "Wrote 2 values: Ch 1 Kick gain 42.0 -> 34.0 dB (confirmed 34.0); ... 1 failed: ..." */
export function describeOutcome(action: WriteAction, outcome: BatchOutcome): string {
  const verb = action === 'restore-backup' ? 'Restored' : action === 'soundcheck-apply' ? 'Applied' : 'Undid';
  const parts = [
    outcome.entries.length === 0
      ? 'Nothing needed writing: the console already holds these values.'
      : `${verb} ${outcome.entries.length} value${outcome.entries.length === 1 ? '' : 's'}: ${outcome.entries.map(describeEntry).join('; ')}.`,
  ];
  if (outcome.failures.length > 0) {
    parts.push(`${outcome.failures.length} failed: ${outcome.failures.map((f) => f.message).join(' ')}`);
  }
  return parts.join(' ');
}
