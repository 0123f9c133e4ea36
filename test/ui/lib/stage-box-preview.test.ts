/** The Stage box view's preview of a gain waiting for confirmation: which gains, the fetch, the rows. */
import { expect, test } from 'vitest';
import type { DeskPreview } from '../../../server/stage-box/cross-desk-preview';
import type { WireStageBox } from '../../../server/stage-box/stage-box-wire';
import { StageBox } from '../../../ui/src/lib/stage-box.svelte';
import { pendingGains, previewRows } from '../../../ui/src/lib/stage-box-preview';
import { makeSuggestion } from './builders';

const box: WireStageBox = {
  desks: [
    { id: 'foh', name: 'FOH', role: 'foh', httpPort: 8080, state: 'ready' },
    { id: 'mon', name: 'Monitors', role: 'monitor', httpPort: 8081, state: 'ready' },
  ],
  pairs: [],
  preamps: [],
  changes: [],
  warnings: [],
};
const desks: DeskPreview[] = [
  { desk: 'foh', changes: [{ param: 'ch.20.preampGainDb', value: 40 }, { param: 'ch.20.faderDb', value: -8 }], effect: 'PA: ±0.0 dB', limits: [] },
  { desk: 'mon', changes: [{ param: 'ch.20.trimDb', value: -8 }], effect: 'Mon 1: ±0.0 dB', limits: ['Monitors Ch 20 Perc: the trim is at -8.0 dB'] },
];

test('only gain suggestions waiting for a second confirmation are pending; the key follows the proposal', () => {
  const gain = makeSuggestion({ id: 'g', label: 'Ch 20 Perc', change: { param: 'ch.20.preampGainDb', currentValue: 32, proposedValue: 40, deltaDb: 8 }, version: 'v1' });
  const fader = makeSuggestion({ id: 'f', change: { param: 'ch.2.faderDb', currentValue: 0, proposedValue: -8, deltaDb: -8 } });
  const notAsked = makeSuggestion({ id: 'n' });
  const asking = new Set(['g', 'f']);
  expect(pendingGains([gain, fader, notAsked], (id) => (asking.has(id) ? 'Steps over the 6 dB limit' : null))).toEqual([
    { key: 'g@v1', what: 'Ch 20 Perc: gain to +40.0 dB', channel: 20, gainDb: 40 },
  ]);
});

test('one row per desk: its writes with their channel, what its mixes do, and what it could not keep', () => {
  expect(previewRows(box, 'foh', desks)).toEqual([
    { desk: 'foh', name: 'FOH (this desk)', writes: 'Ch 20 gain +40.0 dB, Ch 20 fader -8.0 dB', effect: 'PA: ±0.0 dB', limits: [] },
    { desk: 'mon', name: 'Monitors', writes: 'Ch 20 trim -8.0 dB', effect: 'Mon 1: ±0.0 dB', limits: ['Monitors Ch 20 Perc: the trim is at -8.0 dB'] },
  ]);
});

test('follow() asks the bridge once per pending gain, shows its answer, and drops it once it is no longer waiting', async () => {
  const paths: string[] = [];
  let answer: (response: Response) => void = () => undefined;
  const stageBox = new StageBox({
    http: (path) => {
      paths.push(path);
      return new Promise((resolve) => (answer = resolve));
    },
    token: () => null,
    notify: () => undefined,
  });
  const pending = [{ key: 'g@v1', what: 'Ch 20 Perc: gain to +40.0 dB', channel: 20, gainDb: 40 }];
  stageBox.follow(pending);
  stageBox.follow(pending);
  expect(paths).toEqual(['/api/stage-box/preview?channel=20&gainDb=40']);
  expect(stageBox.previews).toEqual([{ key: 'g@v1', what: 'Ch 20 Perc: gain to +40.0 dB', desks: null, problem: null }]);
  answer(new Response(JSON.stringify({ desk: 'foh', desks }), { status: 200 }));
  await new Promise((resolve) => setTimeout(resolve, 0));
  expect(stageBox.previews[0]!.desks).toEqual(desks);
  stageBox.follow([]);
  expect(stageBox.previews).toEqual([]);
});

test('a preview the bridge refuses says why', async () => {
  const stageBox = new StageBox({
    http: async () => new Response(JSON.stringify({ code: 'not-shared', error: 'Ch 3 of this desk is on no shared preamp.' }), { status: 404 }),
    token: () => null,
    notify: () => undefined,
  });
  stageBox.follow([{ key: 'k', what: 'Ch 3: gain to +30.0 dB', channel: 3, gainDb: 30 }]);
  await new Promise((resolve) => setTimeout(resolve, 0));
  expect(stageBox.previews).toEqual([{ key: 'k', what: 'Ch 3: gain to +30.0 dB', desks: null, problem: 'Ch 3 of this desk is on no shared preamp.' }]);
});
