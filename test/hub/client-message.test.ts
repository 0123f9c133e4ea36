import { expect, test } from 'vitest';
import { MAX_CLIENT_MESSAGE_BYTES, parseClientMessage } from '../../server/hub/client-message';

test('accepts apply and dismiss', () => {
  expect(parseClientMessage('{"type":"apply","suggestionId":"preamp-target:ch1:preamp","requestId":"r1"}')).toEqual({
    ok: true,
    message: { type: 'apply', suggestionId: 'preamp-target:ch1:preamp', requestId: 'r1' },
  });
  expect(parseClientMessage('{"type":"apply","suggestionId":"x","confirm":true}')).toMatchObject({ ok: true, message: { confirm: true } });
  expect(parseClientMessage('{"type":"dismiss","suggestionId":"x"}')).toMatchObject({ ok: true });
});

test.each([
  ['not json', 'bad-json'],
  ['', 'bad-json'],
  ['null', 'bad-message'],
  ['[]', 'bad-message'],
  ['{"type":"apply"}', 'bad-message'],
  ['{"type":"format-disk"}', 'bad-message'],
  ['{"type":"apply","suggestionId":5}', 'bad-message'],
  ['{"type":"apply","suggestionId":"x","extra":1}', 'bad-message'],
  ['{"type":"apply","suggestionId":"x","confirm":"yes"}', 'bad-message'],
])('%j is rejected as %s', (text, code) => {
  const result = parseClientMessage(text);
  expect(result).toMatchObject({ ok: false, code });
});

test('oversized payloads are rejected before parsing', () => {
  const result = parseClientMessage(`{"type":"apply","suggestionId":"${'x'.repeat(MAX_CLIENT_MESSAGE_BYTES)}"}`);
  expect(result).toMatchObject({ ok: false, code: 'too-large' });
});

test('keeps the request id of a bad message so the tablet can match the error', () => {
  expect(parseClientMessage('{"type":"apply","requestId":"r9"}')).toMatchObject({ ok: false, requestId: 'r9' });
});

test.each([
  { type: 'apply', suggestionId: 'x', proposedValue: -12.5 },
  { type: 'apply', suggestionId: 'x', proposedValue: null },
  { type: 'auth', token: 'abc' },
  { type: 'logout', requestId: 'l' },
  { type: 'soundcheck-start', channels: [1, 3], windowMs: 2000 },
  { type: 'soundcheck-start', channels: [16] },
  { type: 'soundcheck-check-all' },
  { type: 'soundcheck-check-all', channels: [3, 1, 2], windowMs: 30_000 },
  { type: 'soundcheck-next', soundcheckId: 'sc-1' },
  { type: 'soundcheck-cancel' },
  { type: 'soundcheck-cancel', soundcheckId: 'sc-1' },
  { type: 'soundcheck-apply', soundcheckId: 'sc-1', channel: 1, confirm: true },
  { type: 'undo' },
  { type: 'undo', seq: 7, confirm: true },
  { type: 'undo-soundcheck', soundcheckId: 'sc-1' },
  { type: 'restore-backup', confirm: true },
  { type: 'journal-request', beforeSeq: 40, limit: 500 },
])('accepts %j', (message) => {
  expect(parseClientMessage(JSON.stringify(message))).toEqual({ ok: true, message });
});

test.each([
  { type: 'soundcheck-start', channels: [] },
  { type: 'soundcheck-start', channels: [1, 1] },
  { type: 'soundcheck-start', channels: [0] },
  { type: 'soundcheck-start', channels: [1.5] },
  { type: 'soundcheck-start', channels: [1], windowMs: 1999 },
  { type: 'soundcheck-start', channels: [1], windowMs: 30_001 },
  { type: 'soundcheck-check-all', channels: Array.from({ length: 145 }, (_, i) => i + 1) },
  { type: 'soundcheck-apply', soundcheckId: 'sc-1' },
  { type: 'soundcheck-next' },
  { type: 'undo', seq: 0 },
  { type: 'undo', seq: '3' },
  { type: 'undo-soundcheck' },
  { type: 'restore-backup', confirm: 'yes' },
  { type: 'journal-request', limit: 501 },
  { type: 'auth', token: '' },
  { type: 'auth', token: 'x'.repeat(129) },
  { type: 'logout', token: 'x' },
])('refuses %j as bad-message', (message) => {
  expect(parseClientMessage(JSON.stringify(message))).toMatchObject({ ok: false, code: 'bad-message' });
});
