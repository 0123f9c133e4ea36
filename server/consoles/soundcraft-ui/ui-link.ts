/**
 * One WebSocket connection to a Soundcraft Ui's web server (`ws://HOST:80/`, the address its own web app
 * and soundcraft-ui-connection's mixer-connection.ts use), with the `ALIVE` keep-alive every keepAliveMs.
 * Aborting `signal` closes the socket and stops the timer; so does the desk closing it (then onClose).
 */
import WebSocket from 'ws';
import { UI_ALIVE_FRAME } from './ui-message';

/** Largest frame accepted: the desk's frames are text lines of a few hundred bytes (a VU frame of a Ui24R is ~400). */
const MAX_FRAME_BYTES = 1 << 20;

export interface UiLinkOptions {
  url: string;
  keepAliveMs: number;
  /** How long the WebSocket handshake may take before the attempt fails. */
  openTimeoutMs: number;
  onText(text: string): void;
  /** A binary frame (the desk sends none); counted by the caller. */
  onBinary(bytes: number): void;
  /** The link closed or failed after it was open (not called for a close that `signal` asked for). */
  onClose(reason: string): void;
}

export interface UiLink {
  /** Sends one text frame; false when the socket is not open. */
  send(frame: string): boolean;
}

/** Opens the link; resolves once the WebSocket is open. Rejects when the desk cannot be reached. */
export function openUiLink(options: UiLinkOptions, signal: AbortSignal): Promise<UiLink> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new Error('aborted'));
      return;
    }
    const socket = new WebSocket(options.url, { handshakeTimeout: options.openTimeoutMs, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
    let open = false;
    let timer: ReturnType<typeof setInterval> | undefined;
    const send = (frame: string): boolean => {
      if (socket.readyState !== WebSocket.OPEN) return false;
      socket.send(frame);
      return true;
    };
    const finish = (): void => {
      clearInterval(timer);
      signal.removeEventListener('abort', onAbort);
    };
    const onAbort = (): void => {
      finish();
      socket.terminate();
      if (!open) reject(new Error('aborted'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    socket.on('open', () => {
      open = true;
      timer = setInterval(() => send(UI_ALIVE_FRAME), options.keepAliveMs);
      resolve({ send });
    });
    socket.on('message', (data, isBinary) => {
      if (isBinary) {
        options.onBinary(Array.isArray(data) ? data.reduce((sum, part) => sum + part.byteLength, 0) : data.byteLength);
        return;
      }
      options.onText(data.toString());
    });
    socket.on('error', (error) => {
      if (!open) {
        finish();
        reject(error);
      }
    });
    socket.on('close', (code, reason) => {
      const wasOpen = open;
      open = false;
      if (signal.aborted) return;
      finish();
      if (wasOpen) options.onClose(`closed by the desk (${code}${reason.length > 0 ? ` ${reason.toString()}` : ''})`);
      else reject(new Error(`the desk closed the WebSocket before it opened (${code})`));
    });
  });
}
