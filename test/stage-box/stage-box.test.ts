import { describe, expect, test } from 'vitest';
import { boxInputOf, sharedPreamps, type BoxDesk, type StageBoxConfig } from '../../server/stage-box/stage-box';
import { planTrims } from '../../server/stage-box/trim-plan';
import { makeChannel, makeSnapshot } from '../engine/builders';

const config = (overrides: Partial<StageBoxConfig> = {}): StageBoxConfig => ({ ports: {}, owner: 'foh', mapping: [], ...overrides });
const desk = (id: string, headamps: (number | null)[], aes50Headamps = true): BoxDesk => ({
  id,
  aes50Headamps,
  snapshot: makeSnapshot({ channels: headamps.map((headampIndex) => ({ headampIndex })) }),
});

describe('boxInputOf', () => {
  test.each([
    ['local headamp 000', 'A', 0, null],
    ['local headamp 031', 'A', 31, null],
    ['AES50 A input 1 (headamp 032)', 'A', 32, 1],
    ['AES50 A input 48 (headamp 079)', 'A', 79, 48],
    ['AES50 B headamp on a desk with the box on A', 'A', 80, null],
    ['AES50 B input 1 (headamp 080)', 'B', 80, 1],
    ['AES50 B input 48 (headamp 127)', 'B', 127, 48],
    ['AES50 A headamp on a desk with the box on B', 'B', 40, null],
  ] as const)('%s', (_name, port, headamp, input) => {
    const d = desk('mon', [headamp]);
    expect(boxInputOf(config({ ports: { mon: port } }), d, d.snapshot.channels[0]!)).toBe(input);
  });

  test('a channel without a headamp (USB, card) is on no box input', () => {
    const d = desk('foh', [null]);
    expect(boxInputOf(config(), d, d.snapshot.channels[0]!)).toBeNull();
  });

  test('a console that cannot tell takes its box inputs from the mapping only', () => {
    const d = desk('wing', [32, 33], false);
    const mapped = config({ mapping: [{ desk: 'wing', channel: 2, input: 7 }] });
    expect(d.snapshot.channels.map((c) => boxInputOf(mapped, d, c))).toEqual([null, 7]);
  });
});

describe('sharedPreamps', () => {
  test('a preamp is shared when two desks take it, whichever port each uses', () => {
    const foh = desk('foh', [32, 33, 0, 34]);
    const mon = desk('mon', [81, 80, 1, 100]);
    const shared = sharedPreamps(config({ ports: { foh: 'A', mon: 'B' } }), [foh, mon]);
    expect(shared).toEqual([
      { input: 1, owner: 'foh', members: [{ desk: 'foh', channel: 1 }, { desk: 'mon', channel: 2 }] },
      { input: 2, owner: 'foh', members: [{ desk: 'foh', channel: 2 }, { desk: 'mon', channel: 1 }] },
    ]);
  });

  test('a box input only one desk takes is not shared', () => {
    expect(sharedPreamps(config(), [desk('foh', [32]), desk('mon', [33])])).toEqual([]);
  });
});

describe('planTrims', () => {
  const preamp = { input: 1, owner: 'foh', members: [{ desk: 'foh', channel: 1 }, { desk: 'mon', channel: 1 }] };
  const monWithTrim = (trimDb: number) => makeSnapshot({ channels: [{ trimDb }] });
  const plan = (trimDb: number, deltaDb: number) => planTrims(preamp, deltaDb, new Set(['mon']), () => monWithTrim(trimDb), (d) => d.toUpperCase());

  test('the tracking desk\'s trim moves against the gain; the mover\'s is left alone', () => {
    const result = plan(0, 4);
    expect(result.moves).toEqual([{ desk: 'mon', channel: 1, param: 'ch.1.trimDb', label: 'Ch 1 Input 1', fromDb: 0, toDb: -4, residualDb: 0, roomLeftDb: 14 }]);
    expect(result.warnings).toEqual([]);
  });

  test('a trim that comes within 3 dB of its end is warned about before it runs out', () => {
    const result = plan(-12, 4);
    expect(result.moves[0]).toMatchObject({ toDb: -16, residualDb: 0, roomLeftDb: 2 });
    expect(result.warnings).toEqual([{ desk: 'mon', kind: 'trim-running-out', text: 'MON Ch 1 Input 1: the trim is at -16.0 dB, +2.0 dB from its end; a further raise of box input 1 cannot be tracked in full.' }]);
  });

  test('a trim at its end leaves the rest as a stated residual', () => {
    const result = plan(15, -6);
    expect(result.moves[0]).toMatchObject({ toDb: 18, residualDb: -3, roomLeftDb: 0 });
    expect(result.warnings).toEqual([{ desk: 'mon', kind: 'trim-ran-out', text: 'MON Ch 1 Input 1: the trim ran out at +18.0 dB; that desk\'s mixes move -3.0 dB with box input 1.' }]);
  });

  test('a channel without a trim is left out', () => {
    const noTrim = planTrims(preamp, 2, new Set(['mon']), () => makeSnapshot({ channels: [makeChannel(1, { trimDb: null, trimRange: null })] }), (d) => d);
    expect(noTrim).toEqual({ moves: [], warnings: [] });
  });
});
