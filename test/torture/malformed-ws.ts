/**
 * Seeded streams of bad tablet messages, each with the error code the bridge must answer it with:
 * broken JSON ('bad-json'), JSON that is not a valid message — wrong field types, unknown or missing
 * types, extra fields, non-objects ('bad-message'), text over the 16 KB message limit ('too-large') and
 * binary frames ('bad-message').
 */
import type { ErrorCode } from '../../server/hub/protocol';
import { MAX_CLIENT_MESSAGE_BYTES } from '../../server/hub/client-message';
import { seededRandom } from '../fakes/fake-x-desk';

export type WsGarbageKind = 'bad-json' | 'wrong-types' | 'unknown-type' | 'oversized' | 'binary';

export interface WsGarbage {
  kind: WsGarbageKind;
  /** A string goes as a text frame, bytes as a binary frame. */
  data: string | Uint8Array;
  expectCode: ErrorCode;
}

export const WS_GARBAGE_KINDS: readonly WsGarbageKind[] = ['bad-json', 'wrong-types', 'unknown-type', 'oversized', 'binary'];

/** Well-formed messages whose damaged copies make the bad JSON. */
const VALID_MESSAGES: readonly string[] = [
  JSON.stringify({ type: 'dismiss', requestId: 'r1', suggestionId: 'ch1:preamp:preamp-target' }),
  JSON.stringify({ type: 'soundcheck-start', channels: [1, 2, 3], windowMs: 8000 }),
  JSON.stringify({ type: 'journal-request', limit: 20 }),
  JSON.stringify({ type: 'undo', confirm: true }),
];

const NOT_JSON: readonly string[] = ['', '{', '}', '{,}', "{'type':'dismiss'}", 'undefined', 'NaN', '{"type":"undo",}', '[1,2', 'type=undo', '\u0000'];

const WRONG_TYPES: readonly unknown[] = [
  { type: 'dismiss', suggestionId: 42 },
  { type: 'dismiss', suggestionId: '' },
  { type: 'apply', suggestionId: 'x', confirm: 'yes' },
  { type: 'apply', suggestionId: 'x'.repeat(201) },
  { type: 'undo', seq: -1 },
  { type: 'undo', seq: 1.5 },
  { type: 'soundcheck-start', channels: 'all' },
  { type: 'soundcheck-start', channels: [] },
  { type: 'soundcheck-start', channels: [1, 1] },
  { type: 'soundcheck-start', channels: [1], windowMs: 10 },
  { type: 'journal-request', limit: 1e9 },
  { type: 'logout', admin: true },
  { type: 'auth', token: 5 },
  { type: 'dismiss', requestId: 'r'.repeat(65), suggestionId: 'x' },
  null,
  42,
  'dismiss',
  [],
  [{ type: 'undo' }],
  true,
];

const UNKNOWN_TYPES: readonly unknown[] = [
  { type: 'reboot' },
  { type: 'APPLY', suggestionId: 'x' },
  { type: '' },
  { type: null },
  { type: 7 },
  {},
  { kind: 'apply', suggestionId: 'x' },
  { type: 'set', param: 'ch.1.preampGainDb', value: 60 },
  { type: '__proto__' },
  { type: 'constructor' },
];

/** Largest text frame the server accepts at all (ws maxPayload); longer ones close the connection. */
export const MAX_FRAME_BYTES = MAX_CLIENT_MESSAGE_BYTES * 4;

/** `count` labelled bad messages, the same for the same seed; kinds take turns. */
export function malformedWsMessages(seed: number, count: number): WsGarbage[] {
  const random = seededRandom(seed);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)]!;
  const build: Record<WsGarbageKind, () => WsGarbage> = {
    'bad-json': () => {
      const valid = pick(VALID_MESSAGES);
      const data = random() < 0.5 ? valid.slice(0, int(0, valid.length - 1)) : pick(NOT_JSON);
      return { kind: 'bad-json', data, expectCode: 'bad-json' };
    },
    'wrong-types': () => ({ kind: 'wrong-types', data: JSON.stringify(pick(WRONG_TYPES)), expectCode: 'bad-message' }),
    'unknown-type': () => ({ kind: 'unknown-type', data: JSON.stringify(pick(UNKNOWN_TYPES)), expectCode: 'bad-message' }),
    oversized: () => {
      const padding = 'x'.repeat(int(MAX_CLIENT_MESSAGE_BYTES + 1, MAX_FRAME_BYTES - 64));
      return { kind: 'oversized', data: JSON.stringify({ type: 'dismiss', suggestionId: padding }), expectCode: 'too-large' };
    },
    binary: () => {
      const bytes = new Uint8Array(int(0, 2048));
      for (let i = 0; i < bytes.byteLength; i++) bytes[i] = int(0, 255);
      return { kind: 'binary', data: bytes, expectCode: 'bad-message' };
    },
  };
  return Array.from({ length: count }, (_, i) => build[WS_GARBAGE_KINDS[i % WS_GARBAGE_KINDS.length]!]());
}
