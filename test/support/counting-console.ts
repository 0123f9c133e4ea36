/**
 * A Console that passes everything through to another, counts apply() calls (every console write) and can
 * silence input channels (their input meter reads -Infinity, as an unplugged source would).
 */
import type { Console, ParamChange } from '../../server/consoles/console';
import type { MeterFrame } from '../../server/model/meter-frame';

export class CountingConsole implements Console {
  readonly #inner: Console;
  /** Every change apply() was called with, in order (whether the console accepted it or not). */
  readonly writes: ParamChange[] = [];
  /** Channels (1-based) whose input meter reads silence. */
  readonly silenced = new Set<number>();

  constructor(inner: Console) {
    this.#inner = inner;
  }

  start(signal: AbortSignal) { return this.#inner.start(signal); }
  state() { return this.#inner.state(); }
  identity() { return this.#inner.identity(); }
  snapshot() { return this.#inner.snapshot(); }
  paramSpec(param: string) { return this.#inner.paramSpec(param); }
  counters() { return this.#inner.counters(); }
  unknownAddresses() { return this.#inner.unknownAddresses(); }
  onDeskChange(listener: Parameters<Console['onDeskChange']>[0]) { return this.#inner.onDeskChange(listener); }
  onState(listener: Parameters<Console['onState']>[0]) { return this.#inner.onState(listener); }
  onChanges(listener: Parameters<Console['onChanges']>[0]) { return this.#inner.onChanges(listener); }

  onMeters(listener: (frame: MeterFrame) => void) {
    return this.#inner.onMeters((frame) => {
      if (this.silenced.size === 0) return listener(frame);
      listener({ ...frame, channelInputDbfs: frame.channelInputDbfs.map((level, i) => (this.silenced.has(i + 1) ? -Infinity : level)) });
    });
  }

  apply(change: ParamChange): Promise<number> {
    this.writes.push(change);
    return this.#inner.apply(change);
  }
}
