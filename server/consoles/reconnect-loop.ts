import { waitUnlessAborted } from './abortable-wait';

/**
 * The link lifecycle the network adapters share (X32/X-Air, WING, Soundcraft Ui, Yamaha RCP, MIDI over TCP):
 * connect a session, hold it until it is lost, clean up, wait a backoff that doubles up to a ceiling (reset
 * by a session that connected), and connect again, until the adapter is stopped. Stopping ends the session
 * at once, so whatever the session started (keep-alives, sync timers) is released with it.
 */
export interface ReconnectLoop {
  /** Aborted when the adapter stops: the session ends, the loop ends, no further session starts. */
  stop: AbortSignal;
  backoffMs: { initial: number; max: number };
  /** Opens one session and resolves once it is up; the session ends when its controller aborts (or `stop` does). */
  connect(session: AbortController): Promise<void>;
  /** An attempt that threw (not called once stopped). */
  onAttemptFailed(error: unknown): void;
  /** Every session's end, connected or not, stopped or not: cancel what waits on the link. */
  onSessionEnded(): void;
  /** A session ended while the adapter is still running: the link is lost. */
  onLost(): void;
}

export async function runReconnecting(loop: ReconnectLoop): Promise<void> {
  const { stop } = loop;
  let backoffMs = loop.backoffMs.initial;
  while (!stop.aborted) {
    const session = new AbortController();
    const endSession = (): void => session.abort();
    stop.addEventListener('abort', endSession, { once: true });
    try {
      await loop.connect(session);
      backoffMs = loop.backoffMs.initial;
      await abortion(session.signal);
    } catch (error) {
      if (!stop.aborted) loop.onAttemptFailed(error);
    }
    session.abort();
    stop.removeEventListener('abort', endSession);
    loop.onSessionEnded();
    if (stop.aborted) return;
    loop.onLost();
    if (!(await waitUnlessAborted(backoffMs, stop))) return;
    backoffMs = Math.min(backoffMs * 2, loop.backoffMs.max);
  }
}

/** Resolves when `signal` aborts (at once if it has). */
function abortion(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
