/**
 * A pair of MIDI ports in the easymidi shape for adapter tests: what the adapter sends is recorded (and can
 * be answered), and the test plays the desk by delivering bytes as they would arrive on the wire.
 */
import { encodeMidiMessage, formatBytes, type MidiMessage } from '../../../server/consoles/midi/midi-message';
import { MidiStreamParser } from '../../../server/consoles/midi/midi-stream-parser';
import { fromEasyMidi, toEasyMidi, type MidiPorts } from '../../../server/consoles/midi/midi-transport';

export class FakeMidiPorts implements MidiPorts {
  readonly description = 'fake MIDI ports';
  readonly sent: MidiMessage[] = [];
  closed = false;
  /** Called for each message the adapter sends (after recording it), e.g. to echo it back. */
  onSend: (message: MidiMessage) => void = () => undefined;
  readonly #listeners: Array<(message: unknown) => void> = [];

  readonly input = {
    on: (_event: 'message', listener: (message: unknown) => void) => {
      this.#listeners.push(listener);
    },
    close: () => {
      this.closed = true;
    },
  };

  readonly output = {
    send: (type: string, payload: unknown) => {
      const message = fromEasyMidi(type === 'sysex' ? { _type: type, bytes: payload } : { ...(payload as object), _type: type });
      if (typeof message === 'string') throw new Error(`the adapter sent something easymidi would reject: ${message}`);
      this.sent.push(message);
      this.onSend(message);
    },
    close: () => {
      this.closed = true;
    },
  };

  /** Delivers what a port driver would hand over (any object; easymidi objects carry `_type`). */
  deliverRaw(raw: unknown): void {
    for (const listener of this.#listeners) listener(raw);
  }

  deliver(message: MidiMessage): void {
    const args = toEasyMidi(message);
    if (!args) throw new Error('cannot deliver that message through easymidi');
    const [type, payload] = args;
    this.deliverRaw(type === 'sysex' ? { _type: type, bytes: payload } : { ...(payload as object), _type: type });
  }

  /** Delivers bytes as the desk would send them: "B0 63 20 62 17 ..." (running status allowed). */
  deliverBytes(hex: string): void {
    const bytes = Uint8Array.from(hex.split(' ').map((token) => Number.parseInt(token, 16)));
    for (const parsed of new MidiStreamParser().feed(bytes)) {
      if (parsed.kind !== 'message') throw new Error(`test fixture is not MIDI: ${parsed.reason}`);
      this.deliver(parsed.message);
    }
  }

  /** Everything sent so far as wire bytes, "B0 63 22 ...". */
  sentBytes(): string {
    return formatBytes(this.sent.flatMap(encodeMidiMessage));
  }

  clearSent(): void {
    this.sent.length = 0;
  }
}
