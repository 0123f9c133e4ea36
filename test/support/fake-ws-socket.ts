/**
 * The part of a ws socket the hub's fan-out and sessions use, recording what was sent: text frames as
 * strings (also when sent as UTF-8 bytes), binary frames as bytes; `frames` keeps each as it was given.
 */
import type { ServerMessage } from '../../server/hub/protocol';

export class FakeWsSocket {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  readonly sent: (string | Uint8Array)[] = [];
  readonly frames: { data: string | Uint8Array; binary: boolean }[] = [];
  terminated = false;
  /** As ws: without options a string goes as text and bytes as binary. */
  send(data: string | Uint8Array, options: { binary?: boolean } = {}): void {
    const binary = options.binary ?? typeof data !== 'string';
    this.frames.push({ data, binary });
    this.sent.push(binary || typeof data === 'string' ? data : Buffer.from(data).toString('utf8'));
  }
  terminate(): void {
    this.terminated = true;
    this.readyState = 3;
  }
  /** The JSON messages sent, in order (binary meter frames left out). */
  messages(): ServerMessage[] {
    return this.sent.filter((m): m is string => typeof m === 'string').map((m) => JSON.parse(m) as ServerMessage);
  }
}
