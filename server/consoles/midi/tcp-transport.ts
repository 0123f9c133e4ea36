/**
 * Allen & Heath MIDI over TCP: the same MIDI bytes as on a cable, on one TCP connection (port 51325; the
 * Qu accepts a single client). The desk sends Active Sense (FE) about every 300 ms while idle, so silence
 * means the desk or the network is gone: after `silenceTimeoutMs` without a byte the link is dropped and
 * the adapter reconnects.
 */
import { encodeMidiMessage, type MidiMessage } from './midi-message';
import { MidiStreamParser } from './midi-stream-parser';
import { MidiLinkError, type MidiLinkHandlers, type MidiTransport } from './midi-transport';
import { connectTcp, type TcpConnection } from '../tcp-connection';

/** Allen & Heath's MIDI-over-TCP port (Qu, SQ, dLive MixRack). */
export const AH_MIDI_TCP_PORT = 51325;

export interface TcpMidiOptions {
  host: string;
  port: number;
  connectTimeoutMs: number;
  /** Null when the desk sends nothing while idle (then only a closed connection counts as lost). */
  silenceTimeoutMs: number | null;
}

export function tcpMidiTransport(options: TcpMidiOptions): MidiTransport {
  const { host, port } = options;
  let connection: TcpConnection | null = null;
  let silenceTimer: ReturnType<typeof setInterval> | null = null;

  const teardown = (): void => {
    if (silenceTimer) clearInterval(silenceTimer);
    silenceTimer = null;
    connection?.close();
    connection = null;
  };

  return {
    description: `MIDI over TCP ${host}:${port}`,
    retries: true,
    open(handlers: MidiLinkHandlers): Promise<void> {
      teardown();
      const parser = new MidiStreamParser();
      let lastDataAtMs = Date.now();
      const link: TcpConnection = connectTcp({
        host,
        port,
        connectTimeoutMs: options.connectTimeoutMs,
        error: (message) => new MidiLinkError('tcp-connect-failed', message),
        connectHint: (reason) => connectHint(host, port, reason),
        onOpen: () => {
          lastDataAtMs = Date.now();
          const silence = options.silenceTimeoutMs;
          if (silence === null) return;
          silenceTimer = setInterval(() => {
            const silentMs = Date.now() - lastDataAtMs;
            if (silentMs > silence) link.fail(`no data from the desk for ${silentMs} ms`);
          }, Math.max(10, Math.floor(silence / 4)));
        },
        onData: (chunk) => {
          lastDataAtMs = Date.now();
          for (const parsed of parser.feed(chunk)) {
            if (parsed.kind === 'message') handlers.onMessage(parsed.message);
            else handlers.onMalformed(parsed.reason);
          }
        },
        onLost: (reason) => {
          teardown();
          handlers.onClose(reason);
        },
      });
      connection = link;
      return link.opened;
    },
    send(messages: readonly MidiMessage[]): void {
      connection?.write(Buffer.from(messages.flatMap(encodeMidiMessage)));
    },
    close(): void {
      teardown();
    },
  };
}

function connectHint(host: string, port: number, reason: string): string {
  const refused = reason === 'ECONNREFUSED' || reason === 'the desk closed the connection';
  const hint = refused
    ? ' Is MIDI over TCP enabled on the desk, and is another client (Qu-Pad, A&H MIDI Control) already connected? The Qu accepts one.'
    : ' Check the desk address (--host) and the network.';
  return `cannot connect to ${host}:${port} for MIDI over TCP (${reason}).${hint}`;
}
