/** The bridge's logger: pino, JSON lines on stdout (pretty enough for a terminal, parseable for a script). */
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: 'debug' | 'info' | 'warn' | 'error' | 'silent'): Logger {
  return pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime });
}
