import { expect, test } from 'vitest';
import { HostAllowList, hostOfHeader, machineHostNames } from '../../server/hub/host-check';

test.each<[string | undefined, string | null]>([
  ['127.0.0.1:8080', '127.0.0.1'],
  ['Headroom.LOCAL:8080', 'headroom.local'],
  ['[::1]:8080', '::1'],
  ['10.0.0.5', '10.0.0.5'],
  ['', null],
  [undefined, null],
  ['bad host:1:2:3', null],
])('Host header %j names host %j', (header, host) => {
  expect(hostOfHeader(header)).toBe(host);
});

test("this machine's names include localhost and the loopback addresses", () => {
  expect(machineHostNames()).toEqual(expect.arrayContaining(['localhost', '127.0.0.1', '::1']));
});

function list(extraHosts: string[], machine: string[][]) {
  const clock = { nowMs: 0 };
  let reads = 0;
  const allow = new HostAllowList({
    extraHosts,
    machineNames: () => machine[Math.min(reads++, machine.length - 1)]!,
    refreshEveryMs: 5000,
    nowMs: () => clock.nowMs,
  });
  return { allow, clock, reads: () => reads };
}

test.each<[string | undefined, boolean, string]>([
  ['127.0.0.1:8080', true, 'loopback address'],
  ['localhost:8080', true, 'localhost'],
  ['10.0.0.5:8080', true, "the machine's LAN address"],
  ['stage-pc:8080', true, "the machine's name"],
  ['headroom.venue.lan:8080', true, 'allowed with --allow-host'],
  ['dev.venue.lan:5173', true, 'host of an --allow-origin'],
  ['evil.example:8080', false, 'DNS rebinding: a hostile name pointed at this machine'],
  ['127.0.0.1.evil.example', false, 'a name that starts like an address'],
  [undefined, false, 'no Host header'],
])('Host %j allowed: %s (%s)', (header, expected) => {
  const { allow } = list(['headroom.venue.lan', 'dev.venue.lan:5173'], [['localhost', '127.0.0.1', '::1', '10.0.0.5', 'stage-pc']]);
  expect(allow.allows(header)).toBe(expected);
});

test('an address that arrives after start is allowed once the names are re-read, at most every refreshEveryMs', () => {
  const { allow, clock, reads } = list([], [['127.0.0.1'], ['127.0.0.1', '10.0.0.77']]);
  expect(allow.allows('10.0.0.77:8080')).toBe(false);
  expect(allow.allows('10.0.0.77:8080')).toBe(false);
  expect(reads()).toBe(1);
  clock.nowMs = 5000;
  expect(allow.allows('10.0.0.77:8080')).toBe(true);
  expect(reads()).toBe(2);
});
