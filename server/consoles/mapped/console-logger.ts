/**
 * The logger the mapped adapters (MIDI, generic OSC) write to: a pino-compatible subset, so the bridge's
 * pino logger fits and tests can pass a fake. A desk flooding malformed input must not flood the log, so
 * repeated warnings of one kind are rate-limited.
 */

export interface ConsoleLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export const SILENT_LOGGER: ConsoleLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined };

/** A warn() that logs each `kind` at most once per `intervalMs` (the counters still count every one). */
export function throttledWarn(logger: ConsoleLogger, intervalMs: number): (kind: string, obj: object, msg: string) => void {
  const lastAt = new Map<string, number>();
  return (kind, obj, msg) => {
    const now = Date.now();
    if (now - (lastAt.get(kind) ?? -Infinity) < intervalMs) return;
    lastAt.set(kind, now);
    logger.warn(obj, msg);
  };
}
