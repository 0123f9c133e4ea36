import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { loadDeskSet, parseDeskSet } from '../../server/stage-box/desk-set-file';

const foh = { id: 'foh', name: 'FOH', role: 'foh', console: 'x32', host: '10.0.0.10', httpPort: 8080 };
const mon = { id: 'mon', name: 'Monitors', role: 'monitor', console: 'x32', host: '10.0.0.11', httpPort: 8081, aes50Port: 'B', pin: '2468' };

test('a valid file gives the desks and the stage box', () => {
  const parsed = parseDeskSet({ owner: 'foh', desks: [foh, mon], mapping: [{ desk: 'mon', channel: 3, input: 5 }] });
  expect(parsed).toEqual({
    ok: true,
    file: {
      desks: [
        { id: 'foh', name: 'FOH', role: 'foh', console: 'x32', host: '10.0.0.10', consolePort: null, model: null, map: null, httpPort: 8080, pin: null },
        { id: 'mon', name: 'Monitors', role: 'monitor', console: 'x32', host: '10.0.0.11', consolePort: null, model: null, map: null, httpPort: 8081, pin: '2468' },
      ],
      box: { ports: { mon: 'B' }, owner: 'foh', mapping: [{ desk: 'mon', channel: 3, input: 5 }] },
    },
  });
});

test('a Yamaha and a dLive desk carry their own model and map', () => {
  const parsed = parseDeskSet({ owner: 'foh', desks: [{ ...foh, console: 'yamaha', model: 'cl' }, { ...mon, console: 'midi', map: 'dlive' }] });
  expect(parsed.ok && parsed.file.desks.map((d) => [d.console, d.model, d.map])).toEqual([['yamaha', 'cl', null], ['midi', null, 'dlive']]);
});

test.each([
  ['one desk', { owner: 'foh', desks: [foh] }, /desks: Too small/i],
  ['an owner that is no desk', { owner: 'broadcast', desks: [foh, mon] }, /owner: the owner must be one of the desks \(foh, mon\)/],
  ['two desks with one id', { owner: 'foh', desks: [foh, { ...mon, id: 'foh' }] }, /desk ids must differ/],
  ['two desks on one port', { owner: 'foh', desks: [foh, { ...mon, httpPort: 8080 }] }, /its own httpPort/],
  ['an unknown console', { owner: 'foh', desks: [foh, { ...mon, console: 'digico' }] }, /desks\.1\.console/],
  ['a box input past 48', { owner: 'foh', desks: [foh, mon], mapping: [{ desk: 'mon', channel: 1, input: 49 }] }, /mapping\.0\.input/],
  ['a mapping for no desk', { owner: 'foh', desks: [foh, mon], mapping: [{ desk: 'x', channel: 1, input: 1 }] }, /mapping\.0\.desk: no desk "x"/],
  ['a Yamaha desk without its model', { owner: 'foh', desks: [foh, { ...mon, console: 'yamaha' }] }, /desks\.1\.model: yamaha desks need a model: tf, dm3, dm7, cl, ql, rivage/],
  ['a model on an X32', { owner: 'foh', desks: [foh, { ...mon, model: 'cl' }] }, /desks\.1\.model: x32 desks take no model/],
  ['a MIDI desk without its map', { owner: 'foh', desks: [foh, { ...mon, console: 'midi' }] }, /desks\.1\.map: midi desks need a map: qu/],
  ['a bad PIN', { owner: 'foh', desks: [foh, { ...mon, pin: '12' }] }, /desks\.1\.pin/],
])('%s is refused with the field named', (_name, raw, message) => {
  const parsed = parseDeskSet(raw);
  expect(parsed.ok).toBe(false);
  if (!parsed.ok) expect(parsed.error).toMatch(message);
});

test('a file that is not JSON names the file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'desk-set-'));
  const path = join(dir, 'desks.json');
  await writeFile(path, '{ owner: foh');
  const loaded = await loadDeskSet(path);
  expect(loaded.ok).toBe(false);
  if (!loaded.ok) expect(loaded.error).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not JSON`));
  const missing = await loadDeskSet(join(dir, 'nope.json'));
  expect(missing.ok).toBe(false);
  if (!missing.ok) expect(missing.error).toMatch(/nope\.json: ENOENT/);
});
