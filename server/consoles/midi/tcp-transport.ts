/**
 * Allen & Heath MIDI over TCP: the same MIDI bytes as on a cable, on one TCP connection (port 51325; the
 * Qu accepts a single client). The desk sends Active Sense (FE) about every 300 ms while idle, so silence
 * means the desk or the network is gone: after `silenceTimeoutMs` without a byte the link is dropped and
 * the adapter reconnects.
 */
import net from 'node:net';
import { encodeMidiMessage, type MidiMessage } from './midi-message';
import { MidiStreamParser } from './midi-stream-parser';
import { MidiLinkError, type MidiLinkHandlers, type MidiTransport } from './midi-transport';

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
  let socket: net.Socket | null = null;
  let silenceTimer: ReturnType<typeof setInterval> | null = null;
  /** Rejects the open() under way, if any: a close() while connecting must not leave it pending. */
  let abandonOpen: (() => void) | null = null;

  const teardown = (): void => {
    abandonOpen?.();
    abandonOpen = null;
    if (silenceTimer) clearInterval(silenceTimer);
    silenceTimer = null;
    socket?.removeAllListeners();
    // An error after teardown (a late RST) must not become an unhandled 'error' event.
    socket?.on('error', () => undefined);
    socket?.destroy();
    socket = null;
  };

  return {
    description: `MIDI over TCP ${host}:${port}`,
    retries: true,
    open(handlers: MidiLinkHandlers): Promise<void> {
      teardown();
      return new Promise((resolve, reject) => {
        const connection = net.createConnection({ host, port });
        socket = connection;
        const parser = new MidiStreamParser();
        let connected = false;
        let lastDataAtMs = Date.now();
        const fail = (reason: string): void => {
          if (socket !== connection) return;
          abandonOpen = null;
          teardown();
          if (connected) handlers.onClose(reason);
          else reject(new MidiLinkError('tcp-connect-failed', connectHint(host, port, reason)));
        };
        const connectTimer = setTimeout(() => fail(`no answer within ${options.connectTimeoutMs} ms`), options.connectTimeoutMs);
        abandonOpen = () => {
          clearTimeout(connectTimer);
          reject(new MidiLinkError('tcp-connect-failed', `the link was closed while connecting to ${host}:${port}`));
        };
        connection.setNoDelay(true);
        connection.on('connect', () => {
          clearTimeout(connectTimer);
          abandonOpen = null;
          connected = true;
          lastDataAtMs = Date.now();
          const silence = options.silenceTimeoutMs;
          if (silence !== null) {
            silenceTimer = setInterval(() => {
              const silentMs = Date.now() - lastDataAtMs;
              if (silentMs > silence) fail(`no data from the desk for ${silentMs} ms`);
            }, Math.max(10, Math.floor(silence / 4)));
          }
          resolve();
        });
        connection.on('data', (chunk: Buffer) => {
          lastDataAtMs = Date.now();
          for (const parsed of parser.feed(chunk)) {
            if (parsed.kind === 'message') handlers.onMessage(parsed.message);
            else handlers.onMalformed(parsed.reason);
          }
        });
        connection.on('error', (error: NodeJS.ErrnoException) => {
          clearTimeout(connectTimer);
          fail(error.code ?? error.message);
        });
        connection.on('close', () => {
          clearTimeout(connectTimer);
          fail('the desk closed the connection');
        });
      });
    },
    send(messages: readonly MidiMessage[]): void {
      if (!socket || socket.destroyed) return;
      socket.write(Buffer.from(messages.flatMap(encodeMidiMessage)));
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
