/**
 * Text fixtures for the Ui frame codec (formats from soundcraft-ui-connection's mixer-connection.ts and
 * mixer-store.ts), and a bounded fuzz: no frame, however malformed, makes the parser throw.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { UI_ALIVE_FRAME, encodeSetNumber, parseUiFrame, parseUiLine } from '../../../server/consoles/soundcraft-ui/ui-message';

describe('parseUiFrame', () => {
  test.each([
    ['3:::SETD^i.0.mix^0.7647058823', [{ kind: 'number', key: 'i.0.mix', value: 0.7647058823 }]],
    ['3:::SETS^i.2.name^VOX LEAD', [{ kind: 'text', key: 'i.2.name', value: 'VOX LEAD' }]],
    ['3:::SETS^i.2.name^', [{ kind: 'text', key: 'i.2.name', value: '' }]],
    ['3:::SETS^var.currentShow^A^B', [{ kind: 'text', key: 'var.currentShow', value: 'A^B' }]],
    ['3:::SETD^hw.3.phantom^1\nSETD^i.1.aux.9.value^0.5011815724', [
      { kind: 'number', key: 'hw.3.phantom', value: 1 },
      { kind: 'number', key: 'i.1.aux.9.value', value: 0.5011815724 },
    ]],
    ['3:::VU2^CAIEBAQCAgA=', [{ kind: 'vu', base64: 'CAIEBAQCAgA=' }]],
    ['3:::RTA^AAAA', [{ kind: 'other', command: 'RTA' }]],
    ['3:::BMSG^SYNC^abc^2', [{ kind: 'other', command: 'BMSG' }]],
    ['3:::SETD^i.0.mix^-0.5e-3', [{ kind: 'number', key: 'i.0.mix', value: -0.0005 }]],
  ])('%j', (text, lines) => {
    expect(parseUiFrame(text)).toEqual({ mixer: true, lines });
  });

  test.each(['2::', '1::', '', 'SETD^i.0.mix^1', '3::SETD^i.0.mix^1'])('%j is not a mixer frame', (text) => {
    expect(parseUiFrame(text)).toEqual({ mixer: false, lines: [] });
  });

  test.each([
    ['SETD^i.0.mix^loud', 'SETD i.0.mix: not a number'],
    ['SETD^i.0.mix^', 'SETD i.0.mix: not a number'],
    ['SETD^i.0.mix^Infinity', 'SETD i.0.mix: not a number'],
    ['SETD^i.0.mix', 'SETD without a value'],
    ['SETD^^1', 'SETD with a bad key'],
    ['SETS^i 0^x', 'SETS with a bad key'],
    [`SETD^${'k'.repeat(65)}^1`, 'SETD with a bad key'],
    [`SETS^i.0.name^${'x'.repeat(1025)}`, 'SETS i.0.name: text too long'],
    ['VU2^', 'VU2 without data'],
    ['^x', 'empty command'],
  ])('%j is malformed: %s', (line, reason) => {
    expect(parseUiLine(line)).toEqual({ kind: 'malformed', reason });
  });

  test('blank lines between messages are skipped', () => {
    expect(parseUiFrame('3:::SETD^a.0.mix^0\n\nSETD^a.1.mix^1\n').lines).toHaveLength(2);
  });
});

describe('encode', () => {
  test('a numeric write and the keep-alive', () => {
    expect(encodeSetNumber('hw.2.gain', 0.5793650794)).toBe('3:::SETD^hw.2.gain^0.5793650794');
    expect(encodeSetNumber('i.0.mute', 1)).toBe('3:::SETD^i.0.mute^1');
    expect(UI_ALIVE_FRAME).toBe('3:::ALIVE');
  });

  test('what is encoded parses back', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{1,3}(\.[0-9]{1,2}){0,3}\.[a-z]{1,8}$/), fc.double({ min: 0, max: 1, noNaN: true }), (key, value) => {
        expect(parseUiFrame(encodeSetNumber(key, value)).lines).toEqual([{ kind: 'number', key, value }]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('fuzz', () => {
  const pieces = fc.constantFrom('3:::', 'SETD', 'SETS', 'VU2', '^', '\n', 'i.0.mix', '0.5', 'NaN', '', '=', 'AAAA', '\u0000', '💥');
  test('arbitrary text frames never throw and every line has a kind', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.array(pieces, { maxLength: 40 }).map((parts) => parts.join(''))), (text) => {
        const frame = parseUiFrame(text);
        for (const line of frame.lines) expect(['number', 'text', 'vu', 'other', 'malformed']).toContain(line.kind);
        for (const line of frame.lines) if (line.kind === 'number') expect(Number.isFinite(line.value)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
