/**
 * The console a desk's safe writer writes through when the desk is part of a desk set: the same console,
 * except that every write is announced before it is sent, so gain tracking knows a preamp moved by an
 * engineer's write through Headroom and not by a knob at a desk.
 */
import type { Console, ParamChange } from '../consoles/console';

export function tapWrites(inner: Console, beforeWrite: (change: ParamChange) => void): Console {
  return {
    start: (signal) => inner.start(signal),
    state: () => inner.state(),
    identity: () => inner.identity(),
    snapshot: () => inner.snapshot(),
    paramSpec: (param) => inner.paramSpec(param),
    apply: (change) => {
      beforeWrite(change);
      return inner.apply(change);
    },
    counters: () => inner.counters(),
    unknownAddresses: () => inner.unknownAddresses(),
    onMeters: (listener) => inner.onMeters(listener),
    onDeskChange: (listener) => inner.onDeskChange(listener),
    onChanges: (listener) => inner.onChanges(listener),
    onState: (listener) => inner.onState(listener),
  };
}
