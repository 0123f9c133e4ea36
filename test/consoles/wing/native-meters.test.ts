/**
 * Byte fixtures for the WING native meter protocol. The expected bytes are written out from the protocol's
 * token table (WING Remote Protocols, native chapter; the same bytes libwing and the Companion module send),
 * not computed by the code under test.
 */
import { describe, expect, test } from 'vitest';
import {
  decodeMeterPacket,
  encodeMeterRenewal,
  encodeMeterRequest,
} from '../../../server/consoles/wing/native-meters';
import { WING_METER_VALUES, wingMeterFrame } from '../../../server/consoles/wing/wing-meter-frame';
import { nativeParser } from '../../fakes/fake-wing';

describe('meter request', () => {
  test('selects the meter channel, names the UDP port and report id, lists strips 0-based, returns to control', () => {
    const bytes = encodeMeterRequest(0x1234, 0x57494e47, [
      { collection: 'channel', strips: [1, 2] },
      { collection: 'main', strips: [1] },
    ]);
    expect([...bytes]).toEqual([
      0xdf, 0xd3, // channel 3: meters
      0xd3, 0x12, 0x34, // u16 UDP port
      0xd4, 0x57, 0x49, 0x4e, 0x47, // u32 report id "WING"
      0xdc, 0xab, 0x00, 0xab, 0x01, 0xae, 0x00, 0xde, // data: channel V2 1 and 2, main V2 1, end
      0xdf, 0xd1, // back to channel 1
    ]);
  });

  test('a 0xDF byte inside a value is escaped as DF DE', () => {
    const bytes = encodeMeterRequest(0xdf00, 1, []);
    expect([...bytes.slice(2, 6)]).toEqual([0xd3, 0xdf, 0xde, 0x00]);
  });

  test('a renewal is the report id alone on the meter channel', () => {
    expect([...encodeMeterRenewal(0x01020304)]).toEqual([0xdf, 0xd3, 0xd4, 0x01, 0x02, 0x03, 0x04, 0xdf, 0xd1]);
  });

  test('the fake desk parses what the adapter sends, including escapes', () => {
    const seen: unknown[] = [];
    const parse = nativeParser((request) => seen.push(request));
    parse(encodeMeterRequest(0xdfdf, 7, [{ collection: 'bus', strips: [3] }]));
    parse(encodeMeterRenewal(7));
    expect(seen).toEqual([
      { udpPort: 0xdfdf, reportId: 7, strips: [[0xad, 2]] },
      { udpPort: null, reportId: 7, strips: null },
    ]);
  });
});

describe('meter datagram', () => {
  test('report id then big-endian int16 in 1/256 dB; -32768 is silence', () => {
    const bytes = Uint8Array.from([0x57, 0x49, 0x4e, 0x47, 0xfa, 0x00, 0x00, 0x00, 0x80, 0x00, 0x01, 0x80]);
    expect(decodeMeterPacket(bytes)).toEqual({ ok: true, reportId: 0x57494e47, valuesDb: [-6, 0, -Infinity, 1.5] });
  });

  test.each([
    ['no report id', [0x01, 0x02]],
    ['half a value', [0, 0, 0, 1, 0xff]],
  ])('refuses %s', (_, bytes) => {
    expect(decodeMeterPacket(Uint8Array.from(bytes)).ok).toBe(false);
  });

  test('a full datagram fills every meter point; gain values below 0 dB read as reduction', () => {
    const values = Array.from({ length: WING_METER_VALUES }, () => -90);
    // Channel 2: in L -20, in R -18, out L/R -30, gate gain -6, dyn gain -3.
    values.splice(11, 11, -20, -18, -30, -30, -90, -6, 0, -90, -3, 0, 0);
    // Main 1 (after 40 channels and 16 buses): out L -10, out R -12.
    values.splice((40 + 16) * 11, 4, -90, -90, -10, -12);
    const frame = wingMeterFrame(values, 5)!;
    expect(frame.channelInputDbfs[1]).toBe(-18);
    expect(frame.channelPostFaderDbfs[1]).toBe(-30);
    expect(frame.channelGateGrDb[1]).toBe(6);
    expect(frame.channelDynGrDb[1]).toBe(3);
    expect(frame.mainDbfs).toEqual([-10, -12]);
    expect(frame.busDbfs).toHaveLength(16);
    expect(frame.matrixDbfs).toHaveLength(8);
    expect(wingMeterFrame(values.slice(1), 5)).toBeNull();
  });
});
