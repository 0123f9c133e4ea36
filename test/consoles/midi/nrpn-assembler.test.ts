import { describe, expect, test } from 'vitest';
import { NrpnAssembler, type NrpnStep } from '../../../server/consoles/midi/nrpn-assembler';

function feed(assembler: NrpnAssembler, ccs: Array<[number, number, number]>): NrpnStep[] {
  return ccs.map(([channel, controller, value]) => assembler.accept(channel, controller, value));
}

describe('NRPN assembler', () => {
  test('a Qu sequence yields the 7-bit value at CC 6 and again with its index at CC 38', () => {
    const steps = feed(new NrpnAssembler(), [
      [0, 99, 0x20],
      [0, 98, 0x17],
      [0, 6, 0x62],
      [0, 38, 0x07],
    ]);
    expect(steps).toEqual([
      { kind: 'consumed' },
      { kind: 'consumed' },
      { kind: 'event', event: { channel: 0, parameter: (0x20 << 7) | 0x17, dataMsb: 0x62, dataLsb: null } },
      { kind: 'event', event: { channel: 0, parameter: (0x20 << 7) | 0x17, dataMsb: 0x62, dataLsb: 0x07 } },
    ]);
  });

  test('a data LSB alone updates the last selected parameter with the last MSB', () => {
    const assembler = new NrpnAssembler();
    feed(assembler, [
      [1, 99, 1],
      [1, 98, 2],
      [1, 6, 0x40],
    ]);
    expect(assembler.accept(1, 38, 0x11)).toEqual({ kind: 'event', event: { channel: 1, parameter: 130, dataMsb: 0x40, dataLsb: 0x11 } });
  });

  test('data entry after an RPN selection is not read as the previous NRPN', () => {
    const assembler = new NrpnAssembler();
    feed(assembler, [
      [0, 99, 1],
      [0, 98, 2],
      [0, 101, 0],
      [0, 100, 0],
    ]);
    expect(assembler.accept(0, 6, 2)).toEqual({ kind: 'consumed' });
  });

  test('the null parameter (127/127) deselects', () => {
    const assembler = new NrpnAssembler();
    feed(assembler, [
      [0, 99, 127],
      [0, 98, 127],
    ]);
    expect(assembler.accept(0, 6, 5)).toEqual({ kind: 'consumed' });
  });

  test('a data LSB before any data MSB completes nothing', () => {
    const assembler = new NrpnAssembler();
    feed(assembler, [
      [0, 99, 1],
      [0, 98, 2],
    ]);
    expect(assembler.accept(0, 38, 3)).toEqual({ kind: 'consumed' });
  });

  test('channels keep separate selections', () => {
    const assembler = new NrpnAssembler();
    feed(assembler, [
      [0, 99, 1],
      [0, 98, 1],
      [5, 99, 2],
    ]);
    expect(assembler.accept(5, 6, 9)).toEqual({ kind: 'consumed' });
    expect(assembler.accept(0, 6, 9)).toEqual({ kind: 'event', event: { channel: 0, parameter: 129, dataMsb: 9, dataLsb: null } });
  });

  test('other controllers are left to the caller', () => {
    expect(new NrpnAssembler().accept(0, 7, 100)).toEqual({ kind: 'not-nrpn' });
  });
});
