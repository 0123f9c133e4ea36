/**
 * Text frames of the Soundcraft Ui WebSocket <-> typed messages. Knows nothing about sockets; never throws.
 *
 * Source (read, not copied): fmalcher/soundcraft-ui, `packages/mixer-connection/src/lib/mixer-connection.ts`
 * (framing) and `state/mixer-store.ts` (SETD/SETS), and its docs `docs/docs/more/howitworks.md`:
 * - Every application frame, both ways, starts with `3:::`; frames without it (`2::`, `1::`, the socket.io
 *   heartbeat and handshake of the desk's web server) carry no mixer data and are skipped.
 * - One frame from the desk may hold several messages, one per line (`\n`).
 * - `SETD^key^number` sets a numeric value, `SETS^key^text` a text value; the value is everything after the
 *   second `^` (a name may contain `^`). The desk sends its whole state this way to a new client, then every
 *   change; "all other connected clients receive the same message".
 * - `VU2^<base64>` is one frame of meter data (./ui-vu-frame.ts).
 * - The client sends `ALIVE` every second to keep the link open.
 */

/** Frame prefix of every mixer message (the socket.io "message" type the desk's web app uses). */
export const UI_FRAME_PREFIX = '3:::';
/** Longest key kept: the desk's keys are short dotted paths (`i.12.aux.3.value`). */
const MAX_KEY_LENGTH = 64;
/** Longest text value kept (names are at most 20 characters on the desk; playlists and the like can be longer). */
const MAX_TEXT_LENGTH = 1024;
const KEY_PATTERN = /^[A-Za-z0-9_.]+$/;

export type UiMessage =
  | { kind: 'number'; key: string; value: number }
  | { kind: 'text'; key: string; value: string }
  | { kind: 'vu'; base64: string }
  /** A command the adapter does not use (`RTA^`, `BMSG^`, `MSG^`, player and show lists...), by its name. */
  | { kind: 'other'; command: string };

export type UiLine = UiMessage | { kind: 'malformed'; reason: string };

/** What one WebSocket text frame holds: its messages, or nothing when it is not a mixer frame. */
export interface UiFrame {
  /** False for frames without the `3:::` prefix (heartbeats, handshakes): nothing in them is mixer data. */
  mixer: boolean;
  lines: UiLine[];
}

/** Splits and parses one text frame from the desk. */
export function parseUiFrame(text: string): UiFrame {
  if (!text.startsWith(UI_FRAME_PREFIX)) return { mixer: false, lines: [] };
  const body = text.slice(UI_FRAME_PREFIX.length);
  const lines: UiLine[] = [];
  for (const line of body.split('\n')) {
    if (line === '') continue;
    lines.push(parseUiLine(line));
  }
  return { mixer: true, lines };
}

/** Parses one message line (without the frame prefix). */
export function parseUiLine(line: string): UiLine {
  const first = line.indexOf('^');
  const command = first === -1 ? line : line.slice(0, first);
  if (command === 'VU2') {
    const base64 = line.slice(first + 1);
    return base64 === '' ? { kind: 'malformed', reason: 'VU2 without data' } : { kind: 'vu', base64 };
  }
  if (command !== 'SETD' && command !== 'SETS') {
    return command === '' ? { kind: 'malformed', reason: 'empty command' } : { kind: 'other', command: command.slice(0, MAX_KEY_LENGTH) };
  }
  const second = first === -1 ? -1 : line.indexOf('^', first + 1);
  if (second === -1) return { kind: 'malformed', reason: `${command} without a value` };
  const key = line.slice(first + 1, second);
  if (key.length === 0 || key.length > MAX_KEY_LENGTH || !KEY_PATTERN.test(key)) return { kind: 'malformed', reason: `${command} with a bad key` };
  const raw = line.slice(second + 1);
  if (command === 'SETS') {
    return raw.length > MAX_TEXT_LENGTH ? { kind: 'malformed', reason: `SETS ${key}: text too long` } : { kind: 'text', key, value: raw };
  }
  const value = raw.trim() === '' ? Number.NaN : Number(raw);
  if (!Number.isFinite(value)) return { kind: 'malformed', reason: `SETD ${key}: not a number` };
  return { kind: 'number', key, value };
}

/** The frame that sets a numeric value at the desk. */
export function encodeSetNumber(key: string, value: number): string {
  return `${UI_FRAME_PREFIX}SETD^${key}^${value}`;
}

/** The keep-alive frame a client sends every second. */
export const UI_ALIVE_FRAME = `${UI_FRAME_PREFIX}ALIVE`;
