/**
 * Apply and dismiss of the advisor's live suggestions. An apply writes the change and its compensation as
 * one batch through the safe writer: checked whole first (a step above the limit anywhere asks for the
 * second confirmation before anything is written), then written in order, stopping at the first failure
 * so no compensation is left for a change that did not happen. When the tablet says which value it showed,
 * a suggestion that has moved since is not applied: the engineer confirms what the bridge writes.
 */
import type { Advisor } from '../advisor/advisor';
import type { HubFeature } from '../hub/feature';
import type { ServerMessage } from '../hub/protocol';
import { formatDb } from '../model/db';
import { WriteError, type SafeWriter } from './safe-writer';
import { readOnlyRefusal } from './write-replies';

/** Shown and current proposals closer than this are the same (display rounding), dB. */
const SAME_VALUE_DB = 0.05;

export interface SuggestionFeatureOptions {
  advisor: Pick<Advisor, 'find' | 'dismiss'>;
  writer: SafeWriter;
}

export function suggestionFeature(options: SuggestionFeatureOptions): HubFeature {
  const { advisor, writer } = options;
  return {
    routes: [],
    welcome: () => [],
    handlers: {
      dismiss: {
        access: 'engineer',
        handle: async (_client, message) => {
          if (!advisor.dismiss(message.suggestionId)) {
            return [{ type: 'error', requestId: message.requestId ?? null, code: 'unknown-suggestion', message: `No open suggestion ${message.suggestionId} (it may have been resolved already).` }];
          }
          return [];
        },
      },
      apply: {
        access: 'engineer',
        handle: async (client, message) => {
          const requestId = message.requestId ?? null;
          if (writer.readOnly) return [readOnlyRefusal(requestId)];
          const suggestion = advisor.find(message.suggestionId);
          if (!suggestion) {
            return [{ type: 'error', requestId, code: 'unknown-suggestion', message: `No open suggestion ${message.suggestionId} (it may have been resolved already).` }];
          }
          if (!suggestion.change) {
            return [{ type: 'error', requestId, code: 'apply-failed', message: `${suggestion.label}: this suggestion needs a person, not a write (${suggestion.reason})` }];
          }
          if (message.proposedValue !== undefined) {
            const shown = message.proposedValue ?? -Infinity;
            const now = suggestion.change.proposedValue;
            if (!(shown === now || Math.abs(shown - now) < SAME_VALUE_DB)) {
              return [{ type: 'error', requestId, code: 'stale', message: `${suggestion.label}: the suggestion moved from ${formatDb(shown)} to ${formatDb(now)} dB since it was shown; look at it again and apply.` }];
            }
          }
          const changes = [suggestion.change, ...suggestion.compensation].map((c) => ({ param: c.param, value: c.proposedValue }));
          try {
            const outcome = await writer.applyAll({
              changes,
              client: client.clientId,
              origin: suggestion.id,
              confirmed: message.confirm === true,
              soundcheckId: null,
              onFailure: 'stop',
              purpose: suggestion.purpose,
            });
            const replies: ServerMessage[] = outcome.entries.map((entry) => ({
              type: 'applied',
              requestId,
              suggestionId: suggestion.id,
              param: entry.param,
              requestedValue: entry.requestedValue,
              confirmedValue: entry.confirmedValue,
            }));
            for (const failure of outcome.failures) replies.push({ type: 'error', requestId, code: 'apply-failed', message: failure.message });
            return replies;
          } catch (error) {
            if (!(error instanceof WriteError)) throw error;
            if (error.code === 'needs-confirmation') return [{ type: 'confirm-needed', requestId, suggestionId: suggestion.id, message: error.message }];
            return [{ type: 'error', requestId, code: error.code === 'read-only' ? 'read-only' : 'apply-failed', message: error.message }];
          }
        },
      },
    },
  };
}
