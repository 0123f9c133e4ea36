/**
 * Apply and dismiss of the advisor's live suggestions. An apply writes the change and its compensation as
 * one batch through the safe writer: checked whole first (a step above the limit anywhere asks for the
 * second confirmation before anything is written), then written in order, stopping at the first failure
 * so no compensation is left for a change that did not happen. When the tablet says which value it showed,
 * a suggestion that has moved since is not applied: the engineer confirms what the bridge writes. With the
 * version of the change set the card showed, the shown set is written when the engine still wants it within
 * the apply tolerance; otherwise the reply says what moved (apply-changed, with the new set) or why the
 * suggestion is gone (apply-resolved). See server/advisor/apply-check.ts.
 */
import type { Advisor } from '../advisor/advisor';
import { checkApply, resolvedMessage } from '../advisor/apply-check';
import type { Console } from '../consoles/console';
import type { Suggestion } from '../engine/suggestion';
import type { HubFeature } from '../hub/feature';
import type { ServerMessage } from '../hub/protocol';
import { formatDb } from '../model/db';
import { WriteError, type SafeWriter } from './safe-writer';
import { readOnlyRefusal } from './write-replies';

/** Shown and current proposals closer than this are the same (display rounding), dB. */
const SAME_VALUE_DB = 0.05;

export interface SuggestionFeatureOptions {
  advisor: Pick<Advisor, 'find' | 'dismiss' | 'shownVersion' | 'resolution' | 'noteApplied' | 'meters' | 'nowMs'>;
  writer: SafeWriter;
  /** Names parameters in the replies ("Ch 1 Kick gain"). */
  console: Pick<Console, 'paramSpec'>;
}

export function suggestionFeature(options: SuggestionFeatureOptions): HubFeature {
  const { advisor, writer } = options;
  const labelOf = (param: string) => options.console.paramSpec(param)?.label ?? param;
  /** Why `id` is not open: the resolution the advisor remembers, else that it is unknown. */
  const notOpen = (requestId: string | null, id: string): ServerMessage => {
    const resolution = advisor.resolution(id);
    if (resolution === undefined) {
      return { type: 'error', requestId, code: 'unknown-suggestion', message: `This bridge has made no suggestion ${id} lately (a card from before the bridge restarted?). Nothing was written.` };
    }
    return { type: 'apply-resolved', requestId, suggestionId: id, message: resolvedMessage(resolution, advisor.meters(), advisor.nowMs()), resolvedBy: resolution.by?.id ?? null };
  };
  return {
    routes: [],
    welcome: () => [],
    handlers: {
      dismiss: {
        access: 'engineer',
        handle: async (_client, message) => {
          if (!advisor.dismiss(message.suggestionId)) return [notOpen(message.requestId ?? null, message.suggestionId)];
          return [];
        },
      },
      apply: {
        access: 'engineer',
        handle: async (client, message) => {
          const requestId = message.requestId ?? null;
          if (writer.readOnly) return [readOnlyRefusal(requestId)];
          let suggestion: Suggestion | undefined = advisor.find(message.suggestionId);
          if (message.version !== undefined) {
            const verdict = checkApply({
              id: message.suggestionId,
              version: message.version,
              current: suggestion,
              shown: advisor.shownVersion(message.suggestionId, message.version),
              resolution: advisor.resolution(message.suggestionId),
              meters: advisor.meters(),
              nowMs: advisor.nowMs(),
              labelOf,
            });
            switch (verdict.kind) {
              case 'unknown': return [{ type: 'error', requestId, code: 'unknown-suggestion', message: verdict.message }];
              case 'resolved': return [{ type: 'apply-resolved', requestId, suggestionId: message.suggestionId, message: verdict.message, resolvedBy: verdict.resolvedBy }];
              case 'changed': return [{ type: 'apply-changed', requestId, suggestionId: message.suggestionId, message: verdict.message, changes: verdict.changes, suggestion: verdict.now }];
              case 'apply': suggestion = verdict.suggestion;
            }
          }
          if (!suggestion) return [notOpen(requestId, message.suggestionId)];
          if (!suggestion.change) {
            return [{ type: 'error', requestId, code: 'apply-failed', message: `${suggestion.label}: this suggestion needs a person, not a write (${suggestion.reason})` }];
          }
          if (message.proposedValue !== undefined && message.version === undefined) {
            const shown = message.proposedValue ?? -Infinity;
            const now = suggestion.change.proposedValue;
            if (!(shown === now || Math.abs(shown - now) < SAME_VALUE_DB)) {
              return [{ type: 'error', requestId, code: 'stale', message: `${suggestion.label}: the suggestion moved from ${formatDb(shown)} to ${formatDb(now)} dB since it was shown; look at it again and apply.` }];
            }
          }
          const changes = [
            { param: suggestion.change.param, value: suggestion.change.proposedValue },
            ...suggestion.compensation.map((c) => ({ param: c.param, value: c.proposedValue, compensation: true })),
          ];
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
            if (outcome.failures.length === 0 && outcome.entries.length > 0) advisor.noteApplied(suggestion);
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
