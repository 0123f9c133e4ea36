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
