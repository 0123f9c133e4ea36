/** RCP lines: byte fixtures for every message kind, splitting across chunks, and a fuzz that it never throws. */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { formatGet, formatSet, MAX_LINE_BYTES, parseRcpLine, RcpLineSplitter, type ParsedLine } from '../../../server/consoles/yamaha/rcp-line-codec';

const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');

describe('parseRcpLine', () => {
  test.each<[string, ParsedLine]>([
    [
      'OK get MIXER:Current/InCh/Fader/Level 0 0 -32768',
      { kind: 'message', message: { kind: 'value', status: 'OK', action: 'get', address: 'MIXER:Current/InCh/Fader/Level', x: 0, y: 0, value: -32768 } },
    ],
    [
      'NOTIFY set MIXER:Current/InCh/Fader/Level 4 0 -1000 "-10.00"',
      { kind: 'message', message: { kind: 'value', status: 'NOTIFY', action: 'set', address: 'MIXER:Current/InCh/Fader/Level', x: 4, y: 0, value: -1000 } },
    ],
    [
      'OK get MIXER:Current/InCh/Label/Name 15 0 "My Label"',
      { kind: 'message', message: { kind: 'value', status: 'OK', action: 'get', address: 'MIXER:Current/InCh/Label/Name', x: 15, y: 0, value: 'My Label' } },
    ],
    [
      'OKm set MIXER:Current/InCh/Port/HA/Gain 2 0 3150',
      { kind: 'message', message: { kind: 'value', status: 'OKm', action: 'set', address: 'MIXER:Current/InCh/Port/HA/Gain', x: 2, y: 0, value: 3150 } },
    ],
    [
      'OK get MIXER:Current/InCh/Label/Name 0 0 ""',
      { kind: 'message', message: { kind: 'value', status: 'OK', action: 'get', address: 'MIXER:Current/InCh/Label/Name', x: 0, y: 0, value: '' } },
    ],
    [
      'NOTIFY mtr MIXER:Current/InCh/PreHPF mtr 00 7e 7F 6c',
      { kind: 'message', message: { kind: 'meter', address: 'MIXER:Current/InCh/PreHPF', codes: [0, 126, 127, 108] } },
    ],
    [
      'ERROR get MIXER:Current/InCh/Nope 0 0 UnknownAddress',
      { kind: 'message', message: { kind: 'error', action: 'get', address: 'MIXER:Current/InCh/Nope', x: 0, y: 0, text: 'MIXER:Current/InCh/Nope 0 0 UnknownAddress' } },
    ],
    ['ERROR unknowncommand', { kind: 'message', message: { kind: 'error', action: 'unknowncommand', address: null, x: null, y: null, text: '' } }],
    ['OK devstatus runmode "normal"', { kind: 'message', message: { kind: 'other', status: 'OK', action: 'devstatus', rest: ['runmode', 'normal'] } }],
  ])('%s', (line, parsed) => {
    expect(parseRcpLine(line)).toEqual(parsed);
  });

  test.each([
    ['', 'fewer than two words'],
    ['OK', 'fewer than two words'],
    ['HELLO get MIXER:Current/InCh/Fader/Level 0 0 1', 'unknown status "HELLO"'],
    ['OK get MIXER:Current/InCh/Fader/Level 0 0', 'no value'],
    ['OK get MIXER:Current/InCh/Fader/Level a 0 1', 'indices are not integers'],
    ['OK get MIXER:Current/InCh/Fader/Level 0 0 1.5', 'value "1.5" is neither an integer nor a quoted string'],
    ['OK get MIXER:Current/InCh/Label/Name 0 0 "open', 'unterminated quoted string'],
    ['OK get not-an-address 0 0 1', 'no address'],
    ['NOTIFY mtr MIXER:Current/InCh/PreHPF mtr 00 zz', 'meter code "zz" is not hex'],
  ])('%j is malformed: %s', (line, reason) => {
    expect(parseRcpLine(line)).toMatchObject({ kind: 'malformed', reason });
  });
});

describe('RcpLineSplitter', () => {
  test('joins a line split across chunks, even inside a multi-byte character, and drops the CR of CR LF', () => {
    const splitter = new RcpLineSplitter();
    const whole = bytes('OK get MIXER:Current/InCh/Label/Name 0 0 "Kück"\r\nNOTIFY set MIXER:Current/St/Fader/On 0 0 1\n');
    const cut = whole.indexOf(0xc3) + 1;
    expect(splitter.feed(whole.subarray(0, cut))).toEqual([]);
    const lines = splitter.feed(whole.subarray(cut));
    expect(lines.map((l) => l.kind === 'message' && l.message.kind === 'value' && l.message.value)).toEqual(['Kück', 1]);
  });

  test('a line longer than the limit is reported once and the next line parses', () => {
    const splitter = new RcpLineSplitter();
    const out = [
      ...splitter.feed(bytes(`OK get MIXER:Current/InCh/Label/Name 0 0 "${'x'.repeat(MAX_LINE_BYTES)}`)),
      ...splitter.feed(bytes('"\nOK get MIXER:Current/St/Fader/On 0 0 1\n')),
    ];
    expect(out.map((l) => l.kind)).toEqual(['malformed', 'message']);
    expect(out[0]).toMatchObject({ reason: `line longer than ${MAX_LINE_BYTES} bytes` });
  });

  test('never throws and never keeps more than one line of any byte stream, however it is cut', () => {
    const anyBytes = fc.uint8Array({ maxLength: 600 });
    const rcpish = fc
      .array(fc.constantFrom('OK ', 'NOTIFY ', 'ERROR ', 'get ', 'set ', 'mtr ', 'MIXER:Current/InCh/Fader/Level ', '0 ', '-32768', '"', 'ff ', '\n', '\r\n', ' '), { maxLength: 60 })
      .map((parts) => bytes(parts.join('')));
    fc.assert(
      fc.property(fc.oneof(anyBytes, rcpish), fc.array(fc.nat(700), { maxLength: 5 }), (stream, cuts) => {
        const splitter = new RcpLineSplitter();
        const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
        let from = 0;
        const out: ParsedLine[] = [];
        for (const point of [...points, stream.length]) {
          out.push(...splitter.feed(stream.subarray(from, point)));
          from = point;
        }
        const lineCount = stream.filter((b) => b === 0x0a).length;
        expect(out).toHaveLength(lineCount);
      }),
      { numRuns: 300 },
    );
  });
});

test('requests are one line each, integers only on set', () => {
  expect(formatGet('MIXER:Current/InCh/Fader/Level', 3, 0)).toBe('get MIXER:Current/InCh/Fader/Level 3 0\n');
  expect(formatSet('MIXER:Current/InCh/Port/HA/Gain', 2, 0, 3150)).toBe('set MIXER:Current/InCh/Port/HA/Gain 2 0 3150\n');
});
