/**
 * The hub's way out to tablets: messages encoded once for every tablet, meter frames encoded once per
 * layout (and once as JSON) however many tablets share it, and a tablet that stopped reading dropped
 * before its backlog grows without bound (it reconnects and resyncs when it wakes). What goes to several
 * tablets is encoded to its bytes once: ws would otherwise turn the same JSON text into UTF-8 once per
 * tablet.
 */
import type { WebSocket } from 'ws';
import type { MeterFrame } from '../model/meter-frame';
import { encodeMeterFrame } from './meter-binary';
import { frameShape, MeterLayouts } from './meter-layout';
import type { MeterFormat, MeterLayout, MeterView, ServerMessage } from './protocol';
import { encodeMessage, toWireFrame } from './wire';

/** What the fan-out needs of a tablet. */
export interface Recipient {
  readonly id: string;
  readonly socket: WebSocket;
  readonly meterFormat: MeterFormat;
  readonly meterView: MeterView;
  /** The layout this tablet was last told about, and the frame shape it was made for; null: none yet. */
  meterLayout: { layout: MeterLayout; shape: string } | null;
}

export interface FanOutOptions {
  /** A tablet whose socket holds more than this (bytes) is taken for gone and disconnected. */
  stalledBytes: number;
  warn(obj: object, msg: string): void;
}

export class FanOut {
  readonly #options: FanOutOptions;
  readonly #layouts = new MeterLayouts();
  /** The latest frame's encodings, made as the first tablet needs each and shared by the rest. */
  #encoded: { frame: MeterFrame; shape: string; json: Uint8Array | null; binary: Map<number, Uint8Array> } | null = null;

  constructor(options: FanOutOptions) {
    this.#options = options;
  }

  send(to: Recipient, message: ServerMessage): void {
    this.#write(to, encodeMessage(message), false);
  }

  /** One message to every tablet, encoded once. */
  broadcast(to: Iterable<Recipient>, message: ServerMessage): void {
    const text = utf8(encodeMessage(message));
    for (const recipient of to) this.#write(recipient, text, false);
  }

  /** A meter frame in the tablet's format: JSON, or binary in its layout (announced first when new). */
  sendMeters(to: Recipient, frame: MeterFrame): void {
    const encoded = this.#encodedFor(frame);
    if (to.meterFormat === 'json') {
      encoded.json ??= utf8(encodeMessage({ type: 'meters', frame: toWireFrame(frame) }));
      this.#write(to, encoded.json, false);
      return;
    }
    const layout = this.layoutFor(to, frame);
    let bytes = encoded.binary.get(layout.id);
    if (bytes === undefined) {
      bytes = encodeMeterFrame(frame, layout);
      encoded.binary.set(layout.id, bytes);
    }
    this.#write(to, bytes, true);
  }

  /** The tablet's layout for frames shaped like this one; a new one is sent to it as a meter-layout message. */
  layoutFor(to: Recipient, frame: MeterFrame): MeterLayout {
    const { shape } = this.#encodedFor(frame);
    if (to.meterLayout?.shape === shape) return to.meterLayout.layout;
    const layout = this.#layouts.layoutFor(to.meterView, frame);
    to.meterLayout = { layout, shape };
    this.send(to, { type: 'meter-layout', layout });
    return layout;
  }

  #encodedFor(frame: MeterFrame) {
    if (this.#encoded?.frame !== frame) this.#encoded = { frame, shape: frameShape(frame), json: null, binary: new Map() };
    return this.#encoded;
  }

  /** `binary` false: a text frame (JSON), whether given as a string or as its UTF-8 bytes. */
  #write(to: Recipient, data: string | Uint8Array, binary: boolean): void {
    const { socket } = to;
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > this.#options.stalledBytes) {
      this.#options.warn({ client: to.id, bufferedBytes: socket.bufferedAmount }, 'tablet stopped reading: disconnected');
      socket.terminate();
      return;
    }
    socket.send(data, { binary });
  }
}

function utf8(text: string): Uint8Array {
  return Buffer.from(text, 'utf8');
}
