/**
 * What the fake Yamaha desks answer to: the prminfo / mtrinfo lines of the Companion yamaha-rcp module's
 * per-model parameter files (bitfocus/companion-module-yamaha-rcp v3.6.1, "<model> Parameters-N.txt"),
 * quoted as the desks print them: address, X count, Y count, min, max, default, unit, type, UI, RW, scale.
 * The fake is built from these lines, not from Headroom's maps, so a wrong address in a map shows up as an
 * unanswered get in the tests.
 */

export const FAKE_FAMILIES = ['tf', 'dm3', 'dm7', 'cl', 'ql', 'rivage'] as const;
export type FakeFamily = (typeof FAKE_FAMILIES)[number];

const TF = [
  // TF Parameters-1.txt
  'OK prminfo 0 "MIXER:Current/InCh/Fader/Level" 40 0 -32768 1000 -32768 "dB" integer any rw 100',
  'OK prminfo 1 "MIXER:Current/InCh/Fader/On" 40 0 0 1 1 "" integer any rw 1',
  'OK prminfo 5 "MIXER:Current/InCh/Label/Name" 40 0 0 64 "ch 1" "" string any rw 1',
  'OK prminfo 60 "MIXER:Current/Mix/Fader/Level" 20 0 -32768 1000 0 "dB" integer any rw 100',
  'OK prminfo 65 "MIXER:Current/Mix/Label/Name" 20 0 0 64 "MX 1" "" string any rw 1',
  'OK prminfo 71 "MIXER:Current/Mtrx/Fader/Level" 4 0 -32768 1000 0 "dB" integer any rw 100',
  'OK prminfo 78 "MIXER:Current/St/Fader/Level" 2 0 -32768 1000 -32768 "dB" integer any rw 100',
  'OK mtrinfo 2000 "MIXER:Current/Meter/InCh" 40 3 0 127 0 "dB" mtr any r 1 "PreHPF|PreFader|PostOn"',
  'OK mtrinfo 2100 "MIXER:Current/Meter/Mix" 20 3 0 127 0 "dB" mtr any r 1 "PreEQ|PreFader|PostOn"',
  'OK mtrinfo 2101 "MIXER:Current/Meter/Mtrx" 4 3 0 127 0 "dB" mtr any r 1 "PreEQ|PreFader|PostOn"',
  'OK mtrinfo 2102 "MIXER:Current/Meter/St" 2 3 0 127 0 "dB" mtr any r 1 "PreEQ|PreFader|PostOn"',
];

const DM3 = [
  // DM3 Parameters-2.txt
  'OK prminfo 0 "MIXER:Current/InCh/Fader/Level" 16 1 -32768 1000 -32768 "dB" integer any rw 100',
  'OK prminfo 1 "MIXER:Current/InCh/Fader/On" 16 1 0 1 1 "" integer any rw 1',
  'OK prminfo 5 "MIXER:Current/InCh/Label/Name" 16 1 0 64 0 "" binary any rw 1',
  'OK prminfo 20 "IO:Current/InCh/48VOn" 16 1 0 1 0 "" integer any rw 1',
  'OK prminfo 21 "IO:Current/InCh/HAGain" 16 1 0 64 0 "dB" integer any rw 1',
  'OK prminfo 62 "MIXER:Current/Mix/Fader/Level" 6 1 -32768 1000 0 "dB" integer any rw 100',
  'OK prminfo 67 "MIXER:Current/Mix/Label/Name" 6 1 0 64 0 "" binary any rw 1',
  'OK prminfo 86 "MIXER:Current/Mtrx/Fader/Level" 2 1 -32768 1000 0 "dB" integer any rw 100',
  'OK prminfo 102 "MIXER:Current/St/Fader/Level" 2 1 -32768 1000 -32768 "dB" integer any rw 100',
  'OK mtrinfo 2000 "MIXER:Current/Meter/InCh" 16 3 0 127 0 "dB" mtr any r 1 "PreHPF|PreFader|PostOn"',
  'OK mtrinfo 2100 "MIXER:Current/Meter/Mix" 6 3 0 127 0 "dB" mtr any r 1 "PreEQ|PreFader|PostOn"',
  'OK mtrinfo 2101 "MIXER:Current/Meter/Mtrx" 2 3 0 127 0 "dB" mtr any r 1 "PreEQ|PreFader|PostOn"',
  'OK mtrinfo 2102 "MIXER:Current/Meter/St" 2 3 0 127 0 "dB" mtr any r 1 "PreEQ|PreFader|PostOn"',
];

const DM7 = [
  // DM7 Parameters-2.txt
  'OK prminfo 0 "MIXER:Current/InCh/Fader/Level" 120 1 -32768 1000 -32768 "dB" integer any rw 100',
  'OK prminfo 1 "MIXER:Current/InCh/Fader/On" 120 1 0 1 1 "" integer any rw 1',
  'OK prminfo 4 "MIXER:Current/InCh/Label/Name" 120 1 0 64 0 "" binary any rw 1',
  'OK prminfo 16 "MIXER:Current/InCh/Port/HA/Gain" 120 1 -6 66 0 "dB" integer any rw 1',
  'OK prminfo 30 "MIXER:Current/InCh/PEQ/Band/Gain" 120 4 -1800 1800 0 "" integer any rw 1',
  'OK prminfo 49 "MIXER:Current/Mix/Fader/Level" 48 1 -32768 1000 0 "dB" integer any rw 100',
  'OK prminfo 53 "MIXER:Current/Mix/Label/Name" 48 1 0 64 0 "" binary any rw 1',
  'OK prminfo 82 "MIXER:Current/Mtrx/Fader/Level" 12 1 -32768 1000 0 "dB" integer any rw 100',
  'OK prminfo 106 "MIXER:Current/St/Fader/Level" 4 1 -32768 1000 -32768 "dB" integer any rw 100',
  'OK mtrinfo 2000 "MIXER:Current/Meter/InCh" 120 3 0 127 0 "dB" mtr any r 1 "PreHPF|PreFader|PostOn"',
  'OK mtrinfo 2100 "MIXER:Current/Meter/Mix" 48 3 0 127 0 "dB" mtr any r 1 "PreEQ|PreFader|PostOn"',
  'OK mtrinfo 2101 "MIXER:Current/Meter/Mtrx" 12 3 0 127 0 "dB" mtr any r 1 "PreEQ|PreFader|PostOn"',
  'OK mtrinfo 2102 "MIXER:Current/Meter/St" 4 3 0 127 0 "dB" mtr any r 1 "PreEQ|PreFader|PostOn"',
];

const CLQL = [
  // CLQL Parameters-1.txt
  'OK prminfo 2 "MIXER:Current/Mtrx/Fader/Level" 8 1 -32768 1000 0 "dB" integer any rw 100',
  'OK prminfo 3 "MIXER:Current/St/Fader/Level" 3 1 -32768 1000 -32768 "dB" integer any rw 100',
  'OK prminfo 184 "MIXER:Current/InCh/Fader/Level" 72 1 -32768 1000 -32768 "dB" integer any rw 100',
  'OK prminfo 185 "MIXER:Current/Mix/Fader/Level" 24 1 -32768 1000 0 "dB" integer any rw 100',
  'OK prminfo 186 "MIXER:Current/InCh/Fader/On" 72 1 0 1 1 "" integer any rw 1',
  'OK prminfo 206 "MIXER:Current/InCh/Port/HA/Gain" 72 1 -600 6600 -600 "dB" integer any rw 100',
  'OK prminfo 208 "MIXER:Current/InCh/Dyna1/Threshold" 72 1 -720 0 -260 "" integer any rw 10',
  'OK prminfo 210 "MIXER:Current/InCh/Dyna2/Threshold" 72 1 -540 0 -80 "" integer any rw 10',
  'OK prminfo 215 "MIXER:Current/InCh/Label/Name" 72 1 0 8 "ch 1" "" string any rw 1',
  'OK prminfo 216 "MIXER:Current/Mix/Label/Name" 24 1 0 8 "MX 1" "" string any rw 1',
  'OK mtrinfo 2100 "MIXER:Current/Meter/Mix/PostOn" 24 1 0 127 0 "dB" mtr any r 1',
  'OK mtrinfo 2101 "MIXER:Current/Meter/Mtrx/PostOn" 8 1 0 127 0 "dB" mtr any r 1',
];

const RIVAGE = [
  // Rivage Parameters-3.txt
  'OK prminfo 81 "MIXER:Current/InCh/Dyna1/Threshold" 288 1 -600 0 -80 "" integer knob rw 10',
  'OK prminfo 113 "MIXER:Current/InCh/Dyna2/Gain" 288 1 -200 400 0 "dB" integer knob rw 10',
  'OK prminfo 163 "MIXER:Current/InCh/Dyna2/Threshold" 288 1 -600 0 -80 "" integer knob rw 10',
  'OK prminfo 181 "MIXER:Current/InCh/Fader/Level" 288 1 -32768 1000 -32768 "dB" integer fader rw 100',
  'OK prminfo 182 "MIXER:Current/InCh/Fader/On" 288 1 0 1 1 "" integer latchsw rw 1',
  'OK prminfo 191 "MIXER:Current/InCh/Label/Name" 288 1 0 0 "" "" string any rw 1',
  'OK prminfo 209 "MIXER:Current/InCh/PEQ/Band/Gain" 288 4 -1800 1800 0 "dB" integer knob rw 100',
  'OK prminfo 307 "MIXER:Current/Mix/Fader/Level" 60 1 -32768 1000 0 "dB" integer fader rw 100',
  'OK prminfo 311 "MIXER:Current/Mix/Label/Name" 60 1 0 0 "" "" string any rw 1',
  'OK prminfo 368 "MIXER:Current/Mtrx/Fader/Level" 36 1 -32768 1000 0 "dB" integer fader rw 100',
  'OK prminfo 408 "MIXER:Current/St/Fader/Level" 4 1 -32768 1000 -32768 "dB" integer fader rw 100',
  'OK mtrinfo 2100 "MIXER:Current/Meter/Mix/PostOn" 72 1 0 127 0 "dB" mtr any r 1',
  'OK mtrinfo 2101 "MIXER:Current/Meter/Mtrx/PostOn" 36 1 0 127 0 "dB" mtr any r 1',
];

const FAKE_PARAMETER_LINES: Record<FakeFamily, readonly string[]> = { tf: TF, dm3: DM3, dm7: DM7, cl: CLQL, ql: CLQL, rivage: RIVAGE };

export interface FakeParamInfo {
  address: string;
  xCount: number;
  yCount: number;
  min: number;
  max: number;
  type: 'integer' | 'string';
  scale: number;
}

export interface FakeMeterInfo {
  /** What mtrstart names: the mtrinfo address without "/Meter", then the pickoff when there are several. */
  address: string;
  count: number;
}

const PRMINFO = /^OK (prminfo|mtrinfo) \d+ "([^"]+)" (\d+) (\d+) (-?\d+) (-?\d+) (?:"[^"]*"|-?\d+) "[^"]*" (\w+) \w+ [rw-]+ (\d+)(?: "([^"]*)")?$/;

/** The parameters and meters of one family's lines. */
export function fakeParameters(family: FakeFamily): { params: FakeParamInfo[]; meters: FakeMeterInfo[] } {
  const params: FakeParamInfo[] = [];
  const meters: FakeMeterInfo[] = [];
  for (const line of FAKE_PARAMETER_LINES[family]) {
    const match = PRMINFO.exec(line);
    if (!match) throw new Error(`fake parameter line does not parse: ${line}`);
    const [, kind, address, x, y, min, max, type, scale, pickoffs] = match;
    if (kind === 'mtrinfo') {
      const base = address!.replace('/Meter', '');
      for (const pickoff of pickoffs ? pickoffs.split('|') : ['']) meters.push({ address: pickoff ? `${base}/${pickoff}` : base, count: Number(x) });
      continue;
    }
    params.push({
      address: address!,
      xCount: Number(x),
      // A Y count of 0 in the TF file still answers index 0.
      yCount: Math.max(1, Number(y)),
      min: Number(min),
      max: Number(max),
      type: type === 'string' || type === 'binary' ? 'string' : 'integer',
      scale: Number(scale),
    });
  }
  return { params, meters };
}
