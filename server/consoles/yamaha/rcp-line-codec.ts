/**
 * Yamaha Remote Control Protocol (RCP) lines: bytes off the TCP stream into lines, lines into messages, and
 * requests into bytes. Knows nothing about sockets and never throws on input: anything that does not fit the
 * grammar comes back as a `malformed` event naming what was wrong.
 *
 * Grammar (BrenekH/yamaha-rcp-docs README, "Basics" and "Data Types"; Companion yamaha-rcp paramFuncs.js
 * parseData, field lists RCP_PARAM_FIELDS and RCP_METER_FIELDS):
 *   one message per line, ended by LF (a CR before it is tolerated);
 *   tokens separated by spaces, a token in double quotes may contain spaces;
 *   `OK|OKm|NOTIFY get|set ADDRESS X Y VALUE [TEXT]`  a value (integer, or a quoted string);
 *   `NOTIFY mtr ADDRESS NAME HH HH ...`                 meter codes in hex, one per index;
 *   `ERROR ACTION [ADDRESS [X Y]] ...`                  a refused request;
 *   any other `OK ...` / `NOTIFY ...`                   (devstatus, scpmode, scene events) passed on as `other`.
 * Levels are integers of dB x 100 with -32768 for -infinity (README "Data Types"); the codec keeps the integer.
 */

/** Longest line kept (bytes); a desk line is well under 2 KB (a 128-channel meter line is ~400 bytes). */
export const MAX_LINE_BYTES = 8192;

/** A value the desk reported: an integer parameter or a quoted string (names, colours). */
type RcpValue = number | string;

export type RcpMessage =
  | { kind: 'value'; status: 'OK' | 'OKm' | 'NOTIFY'; action: 'get' | 'set'; address: string; x: number; y: number; value: RcpValue }
  | { kind: 'meter'; address: string; codes: number[] }
  /** Address and indices when the desk names them (the text after ERROR is not documented beyond the action). */
  | { kind: 'error'; action: string; address: string | null; x: number | null; y: number | null; text: string }
  | { kind: 'other'; status: string; action: string; rest: string[] };

export type ParsedLine = { kind: 'message'; message: RcpMessage } | { kind: 'malformed'; reason: string; line: string };

const LF = 0x0a;
const CR = 0x0d;
const INTEGER = /^-?\d{1,10}$/;
const HEX_CODE = /^[0-9a-fA-F]{1,2}$/;
const ADDRESS = /^[A-Za-z]+:[A-Za-z0-9_/]+$/;

/** Splits the byte stream into lines. Bytes past MAX_LINE_BYTES are dropped and the line reported malformed. */
export class RcpLineSplitter {
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #overflow = false;

  /** Feeds a chunk; returns the lines (without LF / CR LF) and overflow reports it completes, in order. */
  feed(chunk: Uint8Array): ParsedLine[] {
    const out: ParsedLine[] = [];
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    for (let at = bytes.indexOf(LF, start); at !== -1; at = bytes.indexOf(LF, start)) {
      this.#keep(bytes.subarray(start, at));
      out.push(this.#finishLine());
      start = at + 1;
    }
    this.#keep(bytes.subarray(start));
    return out;
  }

  #keep(part: Buffer): void {
    if (part.length === 0 || this.#overflow) return;
    const room = MAX_LINE_BYTES - this.#pendingBytes;
    if (part.length > room) {
      this.#overflow = true;
      part = part.subarray(0, room);
    }
    // Copied: the socket may reuse its buffer for the next chunk.
    this.#pending.push(Buffer.from(part));
    this.#pendingBytes += part.length;
  }

  #finishLine(): ParsedLine {
    let line = Buffer.concat(this.#pending, this.#pendingBytes);
    const overflow = this.#overflow;
    this.#pending = [];
    this.#pendingBytes = 0;
    this.#overflow = false;
    if (line.length > 0 && line[line.length - 1] === CR) line = line.subarray(0, -1);
    const text = line.toString('utf8');
    if (overflow) return { kind: 'malformed', reason: `line longer than ${MAX_LINE_BYTES} bytes`, line: text.slice(0, 80) };
    return parseRcpLine(text);
  }
}

/** Tokens of a line: runs of non-space, or double-quoted strings (quotes removed, may hold spaces). */
function tokenizeRcp(line: string): { tokens: string[]; quoted: boolean[] } | string {
  const tokens: string[] = [];
  const quoted: boolean[] = [];
  let at = 0;
  while (at < line.length) {
    const char = line[at]!;
    if (char === ' ' || char === '\t') {
      at++;
      continue;
    }
    if (char === '"') {
      const end = line.indexOf('"', at + 1);
      if (end === -1) return 'unterminated quoted string';
      tokens.push(line.slice(at + 1, end));
      quoted.push(true);
      at = end + 1;
      continue;
    }
    let end = at;
    while (end < line.length && line[end] !== ' ' && line[end] !== '\t') end++;
    tokens.push(line.slice(at, end));
    quoted.push(false);
    at = end;
  }
  return { tokens, quoted };
}

/** Parses one line (without its LF). Never throws. */
export function parseRcpLine(line: string): ParsedLine {
  const malformed = (reason: string): ParsedLine => ({ kind: 'malformed', reason, line: line.slice(0, 80) });
  const split = tokenizeRcp(line);
  if (typeof split === 'string') return malformed(split);
  const { tokens, quoted } = split;
  const [status, action, address] = tokens;
  if (status === undefined || action === undefined) return malformed('fewer than two words');
  if (status === 'ERROR') {
    const named = address !== undefined && ADDRESS.test(address) ? address : null;
    const [xText, yText] = tokens.slice(3);
    const indexed = named !== null && xText !== undefined && yText !== undefined && INTEGER.test(xText) && INTEGER.test(yText);
    const x = indexed ? Number(xText) : null;
    const y = indexed ? Number(yText) : null;
    return { kind: 'message', message: { kind: 'error', action, address: named, x, y, text: tokens.slice(2).join(' ') } };
  }
  if (status !== 'OK' && status !== 'OKm' && status !== 'NOTIFY') return malformed(`unknown status "${status.slice(0, 16)}"`);
  if (action === 'mtr') {
    if (address === undefined || !ADDRESS.test(address)) return malformed('meter line without an address');
    const codes: number[] = [];
    // tokens[3] is the meter's name (RCP_METER_FIELDS: Status Action Address Name, then the codes).
    for (const code of tokens.slice(4)) {
      if (!HEX_CODE.test(code)) return malformed(`meter code "${code.slice(0, 8)}" is not hex`);
      codes.push(Number.parseInt(code, 16));
    }
    return { kind: 'message', message: { kind: 'meter', address, codes } };
  }
  if (action !== 'get' && action !== 'set') return { kind: 'message', message: { kind: 'other', status, action, rest: tokens.slice(2) } };
  if (address === undefined || !ADDRESS.test(address)) return malformed('no address');
  const [xText, yText, valueText] = tokens.slice(3);
  if (xText === undefined || yText === undefined || !INTEGER.test(xText) || !INTEGER.test(yText)) return malformed('indices are not integers');
  if (valueText === undefined) return malformed('no value');
  let value: RcpValue;
  if (quoted[5]) value = valueText;
  else if (INTEGER.test(valueText)) value = Number(valueText);
  else return malformed(`value "${valueText.slice(0, 16)}" is neither an integer nor a quoted string`);
  return { kind: 'message', message: { kind: 'value', status, action, address, x: Number(xText), y: Number(yText), value } };
}

/** `get ADDRESS X Y` with its LF. */
export function formatGet(address: string, x: number, y: number): string {
  return `get ${address} ${x} ${y}\n`;
}

/** `set ADDRESS X Y VALUE` with its LF; only integers are written (Headroom never writes names). */
export function formatSet(address: string, x: number, y: number, value: number): string {
  return `set ${address} ${x} ${y} ${Math.trunc(value)}\n`;
}
