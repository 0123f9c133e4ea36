/** Finding a WING on a machine with several network interfaces, and the discovery exchange over real UDP. */
import type { NetworkInterfaceInfo } from 'node:os';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { broadcastTargets, discoverWings, parseDiscoveryReply } from '../../../server/consoles/wing/wing-discovery';
import { startFakeWing, type FakeWing } from '../../fakes/fake-wing';

const v4 = (address: string, netmask: string, internal = false): NetworkInterfaceInfo => ({
  address,
  netmask,
  family: 'IPv4',
  mac: '00:00:00:00:00:00',
  internal,
  cidr: null,
});

describe('broadcastTargets', () => {
  test('one directed broadcast per external IPv4 interface: Wi-Fi and the desk network both get asked', () => {
    const targets = broadcastTargets({
      lo: [v4('127.0.0.1', '255.0.0.0', true)],
      wlan0: [v4('192.168.1.23', '255.255.255.0'), { ...v4('fe80::1', 'ffff:ffff:ffff:ffff::'), family: 'IPv6', scopeid: 0 }],
      eth0: [v4('10.0.5.7', '255.255.0.0')],
      eth1: [v4('10.0.9.8', '255.255.0.0')],
      usb0: undefined,
    });
    expect(targets).toEqual(['192.168.1.255', '10.0.255.255']);
  });

  test('no external interface, nothing to ask', () => {
    expect(broadcastTargets({ lo: [v4('127.0.0.1', '255.0.0.0', true)] })).toEqual([]);
  });
});

describe('parseDiscoveryReply', () => {
  test('the documented reply (libwing Discovery.md example shape)', () => {
    const reply = Buffer.from('WING,192.168.1.19,WING-PP-93892216,wing-compact,01XXXUX06X3AEX,3.0.5-0-g0c2b9d4a:release', 'ascii');
    expect(parseDiscoveryReply(reply)).toEqual({
      ip: '192.168.1.19',
      name: 'WING-PP-93892216',
      model: 'wing-compact',
      serial: '01XXXUX06X3AEX',
      firmware: '3.0.5-0-g0c2b9d4a:release',
    });
  });

  test.each([['WING?'], ['X32,1.2.3.4,a,b,c,d'], ['WING,not-an-ip,a,b,c,d'], ['WING,1.2.3.4,a']])('%s is not a reply', (text) => {
    expect(parseDiscoveryReply(Buffer.from(text, 'ascii'))).toBeNull();
  });
});

describe('discoverWings against the fake WING', () => {
  let fake: FakeWing;
  beforeAll(async () => {
    fake = await startFakeWing({ model: 'wing-rack' });
  });
  afterAll(async () => {
    await fake.stop();
  });

  test('asks every target, keeps the desk that answers once, ignores a target that does not', async () => {
    const found = await discoverWings({ targets: ['127.0.0.1', '127.0.0.1', '127.0.0.2'], port: fake.nativePort, timeoutMs: 400 });
    expect(found).toEqual([{ ip: '127.0.0.1', name: 'WING-FAKE', model: 'wing-rack', serial: 'S1234567', firmware: '3.0.5-0-gfake:release' }]);
  });
});
