import { expect, test } from 'vitest';
import { originAllowed } from '../../server/hub/origin-check';

test.each<[string | undefined, string | undefined, string[], boolean, string]>([
  [undefined, '127.0.0.1:8080', [], true, 'no Origin: not a browser'],
  ['http://127.0.0.1:8080', '127.0.0.1:8080', [], true, 'same host and port'],
  ['http://Headroom.local:8080', 'headroom.local:8080', [], true, 'host names compare without case'],
  ['http://headroom.local', 'headroom.local:80', [], true, 'default port written or not'],
  ['http://127.0.0.1:5173', '127.0.0.1:8080', [], false, 'another port is another origin'],
  ['http://evil.example', '127.0.0.1:8080', [], false, 'another host'],
  ['null', '127.0.0.1:8080', [], false, 'opaque origin (file://, sandboxed frame)'],
  ['not a url', '127.0.0.1:8080', [], false, 'garbage'],
  ['http://10.0.0.5:5173', '127.0.0.1:8080', ['http://10.0.0.5:5173'], true, 'explicitly allowed'],
  ['http://10.0.0.5:5173', '127.0.0.1:8080', ['HTTP://10.0.0.5:5173/'], true, 'allowed list is normalised'],
  ['http://127.0.0.1:8080', undefined, [], false, 'no Host header to compare with'],
])('Origin %j to Host %j (allowed %j): %s — %s', (origin, host, allowed, expected, _why) => {
  expect(originAllowed(origin, host, allowed)).toBe(expected);
});
