/** Which strips carry a badge: the worst open suggestion and the count per channel, bus and main. */
import type { Severity, Suggestion } from '../../../server/engine/suggestion';
import { worseSeverity } from './suggestion-text';

export interface TargetBadge {
  severity: Severity;
  count: number;
}

export interface TargetBadges {
  channels: ReadonlyMap<number, TargetBadge>;
  buses: ReadonlyMap<number, TargetBadge>;
  main: TargetBadge | null;
}

/**
 * Notes about the console as a whole (what it does not meter) hang on the main target with this label;
 * they say nothing about the main bus, so they badge no strip.
 */
const CONSOLE_LABEL = 'Console';

export function badgesOf(suggestions: readonly Suggestion[]): TargetBadges {
  const channels = new Map<number, TargetBadge>();
  const buses = new Map<number, TargetBadge>();
  let main: TargetBadge | null = null;
  const merge = (badge: TargetBadge | null | undefined, severity: Severity): TargetBadge =>
    badge ? { severity: worseSeverity(badge.severity, severity), count: badge.count + 1 } : { severity, count: 1 };
  for (const suggestion of suggestions) {
    const target = suggestion.target;
    if (target.kind === 'channel') channels.set(target.index, merge(channels.get(target.index), suggestion.severity));
    else if (target.kind === 'bus') buses.set(target.index, merge(buses.get(target.index), suggestion.severity));
    else if (target.kind === 'main' && suggestion.label !== CONSOLE_LABEL) main = merge(main, suggestion.severity);
  }
  return { channels, buses, main };
}
