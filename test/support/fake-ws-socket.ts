/** The part of a ws socket the hub's fan-out and sessions use, recording what was sent. */
import type { ServerMessage } from '../../server/hub/protocol';

export class FakeWsSocket {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  readonly sent: (string | Uint8Array)[] = [];
  terminated = false;
  send(data: string | Uint8Array): void {
    this.sent.push(data);
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
