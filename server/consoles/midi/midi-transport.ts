/**
 * The link the MIDI adapter talks through, whatever carries it: ports in the easymidi shape (real ALSA/USB
 * ports opened by open-ports.ts, or a fake in tests) or Allen & Heath MIDI over TCP (tcp-transport.ts).
 * Everything that crosses the link is a MidiMessage; conversion to and from easymidi's objects is here and
 * validates what arrives, because a port hands over whatever the driver produced.
 */
import type { MidiMessage } from './midi-message';

export type MidiLinkErrorCode =
  /** No MIDI system on this machine (RtMidi cannot open the ALSA sequencer). */
  | 'no-midi-system'
  | 'midi-port-not-found'
  | 'midi-port-failed'
  /** The easymidi package (or its native binding) could not be loaded. */
  | 'midi-unavailable'
  | 'tcp-connect-failed';

export class MidiLinkError extends Error {
  readonly code: MidiLinkErrorCode;
  constructor(code: MidiLinkErrorCode, message: string) {
    super(message);
    this.name = 'MidiLinkError';
    this.code = code;
  }
}

export interface MidiLinkHandlers {
  onMessage(message: MidiMessage): void;
  /** Bytes or objects that are not MIDI; the link goes on. */
  onMalformed(reason: string): void;
  /** The link went away by itself (connection closed, desk silent). Not called after close(). */
  onClose(reason: string): void;
}

export interface MidiTransport {
  /** For logs and the console identity: 'MIDI in "X" / out "Y"', 'MIDI over TCP 10.0.0.5:51325'. */
  readonly description: string;
  /** Whether a failed or lost link is worth trying again (a network desk) or final (a named port). */
  readonly retries: boolean;
  /** Opens the link; rejects with MidiLinkError. */
  open(handlers: MidiLinkHandlers): Promise<void>;
  /** Sends messages in order; never throws (a failure is reported through onClose or logged). */
  send(messages: readonly MidiMessage[]): void;
  close(): void;
}

/** An input port as easymidi's Input presents it: every message on the 'message' event. */
export interface MidiInputPort {
  on(event: 'message', listener: (message: unknown) => void): unknown;
  close(): void;
}

/** An output port as easymidi's Output presents it: send(type, payload). */
export interface MidiOutputPort {
  send(type: string, payload: unknown): void;
  close(): void;
}

/** A pair of ports in the easymidi shape; tests pass fakes, open-ports.ts opens real ones. */
export interface MidiPorts {
  input: MidiInputPort;
  output: MidiOutputPort;
  /** Names for logs, e.g. 'MIDI in "Qu-16" / out "Qu-16"'. */
  description: string;
}

/** A transport over ports that are already open (nothing to retry: a vanished port needs a person). */
export function portsTransport(ports: MidiPorts, onSendError: (error: unknown) => void): MidiTransport {
  let handlers: MidiLinkHandlers | null = null;
  return {
    description: ports.description,
    retries: false,
    open(next) {
      handlers = next;
      ports.input.on('message', (raw) => {
        if (!handlers) return;
        const message = fromEasyMidi(raw);
        if (typeof message === 'string') handlers.onMalformed(message);
        else handlers.onMessage(message);
      });
      return Promise.resolve();
    },
    send(messages) {
      for (const message of messages) {
        const args = toEasyMidi(message);
        try {
          if (!args) throw new Error('easymidi cannot send system common messages');
          ports.output.send(args[0], args[1]);
        } catch (error) {
          onSendError(error);
        }
      }
    },
    close() {
      handlers = null;
      ports.input.close();
      ports.output.close();
    },
  };
}

const REALTIME: Record<string, number> = { clock: 0xf8, start: 0xfa, continue: 0xfb, stop: 0xfc, activesense: 0xfe, reset: 0xff };

/** An easymidi message object (its `_type` says which) to a MidiMessage; an error text when it is not one. */
export function fromEasyMidi(raw: unknown): MidiMessage | string {
  if (typeof raw !== 'object' || raw === null) return 'port delivered something that is not a message object';
  const fields = raw as Record<string, unknown>;
  const type = fields._type;
  const int = (name: string, max: number): number | null => {
    const value = fields[name];
    return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max ? value : null;
  };
  const channel = int('channel', 15);
  const bad = `port delivered a malformed ${String(type)} message`;
  switch (type) {
    case 'noteon':
    case 'noteoff': {
      const note = int('note', 127);
      const velocity = int('velocity', 127);
      if (channel === null || note === null || velocity === null) return bad;
      return { type: type === 'noteon' ? 'note-on' : 'note-off', channel, note, velocity };
    }
    case 'poly aftertouch': {
      const note = int('note', 127);
      const pressure = int('pressure', 127);
      if (channel === null || note === null || pressure === null) return bad;
      return { type: 'poly-pressure', channel, note, pressure };
    }
    case 'cc': {
      const controller = int('controller', 127);
      const value = int('value', 127);
      if (channel === null || controller === null || value === null) return bad;
      return { type: 'cc', channel, controller, value };
    }
    case 'program': {
      const program = int('number', 127);
      if (channel === null || program === null) return bad;
      return { type: 'program', channel, program };
    }
    case 'channel aftertouch': {
      const pressure = int('pressure', 127);
      if (channel === null || pressure === null) return bad;
      return { type: 'channel-pressure', channel, pressure };
    }
    case 'pitch': {
      const value = int('value', 0x3fff);
      if (channel === null || value === null) return bad;
      return { type: 'pitch-bend', channel, value };
    }
    case 'sysex': {
      const bytes = fields.bytes;
      if (!Array.isArray(bytes) || bytes.length < 2 || bytes[0] !== 0xf0 || bytes[bytes.length - 1] !== 0xf7) return bad;
      if (!bytes.every((byte, i) => Number.isInteger(byte) && byte >= 0 && (byte <= 0x7f || i === 0 || i === bytes.length - 1))) return bad;
      return { type: 'sysex', bytes: bytes as number[] };
    }
    default: {
      const status = typeof type === 'string' ? REALTIME[type] : undefined;
      return status === undefined ? `port delivered an unsupported message type ${String(type)}` : { type: 'system', status, data: [] };
    }
  }
}

/** A MidiMessage as easymidi's Output.send arguments; null for system common messages easymidi cannot send. */
export function toEasyMidi(message: MidiMessage): [string, unknown] | null {
  switch (message.type) {
    case 'note-on':
      return ['noteon', { channel: message.channel, note: message.note, velocity: message.velocity }];
    case 'note-off':
      return ['noteoff', { channel: message.channel, note: message.note, velocity: message.velocity }];
    case 'poly-pressure':
      return ['poly aftertouch', { channel: message.channel, note: message.note, pressure: message.pressure }];
    case 'cc':
      return ['cc', { channel: message.channel, controller: message.controller, value: message.value }];
    case 'program':
      return ['program', { channel: message.channel, number: message.program }];
    case 'channel-pressure':
      return ['channel aftertouch', { channel: message.channel, pressure: message.pressure }];
    case 'pitch-bend':
      return ['pitch', { channel: message.channel, value: message.value }];
    case 'sysex':
      return ['sysex', [...message.bytes]];
    case 'system': {
      const name = Object.keys(REALTIME).find((key) => REALTIME[key] === message.status);
      return name === undefined ? null : [name, {}];
    }
  }
}
