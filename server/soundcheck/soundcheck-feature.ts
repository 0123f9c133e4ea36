/**
 * Soundcheck on the hub: start (listen to a selection together), check all (walk channel by channel),
 * next, cancel, and apply a result through the safety path (journalled with the soundcheck's id, so
 * undo-soundcheck finds the writes). Controlling a soundcheck needs the engineer role: it is shared by every
 * tablet. Progress, restarts and results reach every tablet as broadcasts.
 */
import type { Console } from '../consoles/console';
import type { Suggestion } from '../engine/suggestion';
import type { ApiRoute } from '../hub/api-route';
import type { HubFeature } from '../hub/feature';
import type { ErrorCode, ServerMessage } from '../hub/protocol';
import { readParam } from '../model/params';
import type { SafeWriter } from '../safety/safe-writer';
import { describeOutcome, readOnlyRefusal, writeAction } from '../safety/write-replies';
import { DEFAULT_SOUNDCHECK_WINDOW_MS, SoundcheckError, type Soundcheck, type SoundcheckErrorCode } from './soundcheck';

export interface SoundcheckFeatureOptions {
  soundcheck: Soundcheck;
  writer: SafeWriter;
  console: Pick<Console, 'snapshot'>;
}

const ERROR_CODES: Record<SoundcheckErrorCode, ErrorCode> = {
  'unknown-soundcheck': 'unknown-soundcheck',
  'unknown-channel': 'unknown-channel',
  'not-running': 'soundcheck-not-running',
  'no-result': 'no-result',
};

/** Values closer than this are the same setting (read-back rounding), dB. */
const SAME_VALUE_DB = 1e-6;

/** Runs a soundcheck control and answers 'accepted', or the error a SoundcheckError carries. */
function control(requestId: string | null, run: () => string): ServerMessage[] {
  try {
    return [{ type: 'accepted', requestId, message: run() }];
  } catch (error) {
    if (error instanceof SoundcheckError) return [{ type: 'error', requestId, code: ERROR_CODES[error.code], message: error.message }];
    throw error;
  }
}

function resultOf(
  soundcheck: Soundcheck,
  soundcheckId: string,
  channel: number,
  requestId: string | null,
): { ok: true; suggestion: Suggestion | null } | { ok: false; reply: ServerMessage } {
  try {
    return { ok: true, suggestion: soundcheck.result(soundcheckId, channel).suggestion };
  } catch (error) {
    if (error instanceof SoundcheckError) return { ok: false, reply: { type: 'error', requestId, code: ERROR_CODES[error.code], message: error.message } };
    throw error;
  }
}

export function soundcheckFeature(options: SoundcheckFeatureOptions): HubFeature {
  const { soundcheck, writer } = options;
  const stateRoute: ApiRoute = {
    method: 'GET',
    path: '/api/soundcheck',
    handle: () => ({ status: 200, body: { state: soundcheck.state() } }),
  };
  return {
    routes: [stateRoute],
    welcome: () => {
      const state = soundcheck.state();
      return state === null ? [] : [{ type: 'soundcheck', state }];
    },
    handlers: {
      'soundcheck-start': {
        access: 'engineer',
        handle: async (client, message) => control(message.requestId ?? null, () => {
          const state = soundcheck.begin(client.clientId, 'listen', message.channels, message.windowMs ?? DEFAULT_SOUNDCHECK_WINDOW_MS);
          return `Soundcheck ${state.soundcheckId}: listening to ${state.channels.map((c) => c.label).join(', ')}.`;
        }),
      },
      'soundcheck-check-all': {
        access: 'engineer',
        handle: async (client, message) => control(message.requestId ?? null, () => {
          const state = soundcheck.begin(client.clientId, 'walk', message.channels ?? null, message.windowMs ?? DEFAULT_SOUNDCHECK_WINDOW_MS);
          return `Soundcheck ${state.soundcheckId}: checking ${state.channels.length} channels one by one, starting with ${state.channels[0]!.label}.`;
        }),
      },
      'soundcheck-next': {
        access: 'engineer',
        handle: async (_client, message) => control(message.requestId ?? null, () => {
          soundcheck.next(message.soundcheckId);
          return 'Judging what was heard so far.';
        }),
      },
      'soundcheck-cancel': {
        access: 'engineer',
        handle: async (client, message) => control(message.requestId ?? null, () => {
          soundcheck.cancel(message.soundcheckId ?? null, client.clientId);
          return 'Soundcheck cancelled.';
        }),
      },
      'soundcheck-apply': {
        access: 'engineer',
        handle: async (client, message) => {
          const requestId = message.requestId ?? null;
          if (writer.readOnly) return [readOnlyRefusal(requestId)];
          const found = resultOf(soundcheck, message.soundcheckId, message.channel, requestId);
          if (!found.ok) return [found.reply];
          const suggestion = found.suggestion;
          if (!suggestion?.change) {
            return [{ type: 'error', requestId, code: 'no-change', message: `Channel ${message.channel}: the soundcheck proposes no change to apply.` }];
          }
          const changes = [suggestion.change, ...suggestion.compensation];
          const snapshot = options.console.snapshot();
          const moved = changes.find((c) => {
            const now = readParam(snapshot, c.param);
            return now === undefined || !(now === c.currentValue || Math.abs(now - c.currentValue) < SAME_VALUE_DB);
          });
          if (moved) {
            return [{ type: 'error', requestId, code: 'stale', message: `${suggestion.label}: ${moved.param} changed since the soundcheck listened; listen again before applying.` }];
          }
          return [
            await writeAction(
              message,
              () => writer.applyAll({
                changes: changes.map((c, i) => ({ param: c.param, value: c.proposedValue, compensation: i > 0 })),
                client: client.clientId,
                origin: suggestion.id,
                confirmed: message.confirm === true,
                soundcheckId: message.soundcheckId,
                onFailure: 'stop',
                purpose: suggestion.purpose,
              }),
              (outcome) => describeOutcome('soundcheck-apply', outcome),
            ),
          ];
        },
      },
    },
  };
}
