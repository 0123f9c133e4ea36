import { expect, test } from 'vitest';
import { parseCliOptions, usage } from '../../server/cli/options';

test('defaults: simulator on port 8080, writable, seed 1', () => {
  const result = parseCliOptions([]);
  expect(result).toMatchObject({ ok: true, options: { console: 'sim', httpPort: 8080, readOnly: false, seed: 1, host: null } });
});

test('x32 gets its default port; port 0 means any free port', () => {
  const result = parseCliOptions(['--console', 'x32', '--host', '192.168.1.20', '--http-port', '0', '--read-only']);
  expect(result).toMatchObject({ ok: true, options: { console: 'x32', consolePort: 10023, httpPort: 0, readOnly: true } });
  expect(parseCliOptions(['--console=xair', '--host=10.0.0.2'])).toMatchObject({ ok: true, options: { consolePort: 10024 } });
});

test.each([
  [['--bogus'], /Unknown option '--bogus'/],
  [['--console', 'soundcraft-vi'], /--console must be one of sim, x32, xair/],
  [['--console', 'yamaha', '--host', '10.0.0.9'], /--console yamaha needs --model tf\|dm3\|dm7\|cl\|ql\|rivage$/],
  [['--console', 'yamaha', '--host', '10.0.0.9', '--model', 'm7cl'], /needs --model .* \(got "m7cl"\)/],
  [['--console', 'x32', '--host', '10.0.0.9', '--model', 'cl'], /--model goes with --console yamaha only/],
  [['--console', 'x32'], /needs --host/],
  [['--http-port', '70000'], /port number/],
  [['--http-port', 'abc'], /port number/],
  [['--seed=-3'], /--seed must be a whole number/],
  [['--seed', '-3'], /--seed' argument is ambiguous/],
  [['--log-level', 'loud'], /--log-level/],
  [['--profile', '../etc/passwd'], /--profile must be a profile id/],
  [['stray'], /Unexpected argument/],
])('%j is refused with a clear message', (argv, message) => {
  const result = parseCliOptions(argv);
  expect(result.ok).toBe(false);
  if (!result.ok) expect(result.error).toMatch(message);
});

test('--help keeps every flag apart from its help text (the longest included)', () => {
  const rows = usage().split('\n').filter((line) => line.startsWith('  --'));
  expect(rows.length).toBeGreaterThan(10);
  for (const row of rows) expect(row).toMatch(/^ {2}--\S+( \S+)? {2,}\S/);
  expect(usage()).toMatch(/--log-level debug\|info\|warn\|error {2,}log detail \(default info\)/);
});

test('--allow-host takes host names without port; --profiles-dir names the profiles folder', () => {
  const result = parseCliOptions(['--allow-host', 'Headroom.Venue.lan, 10.0.0.9', '--profiles-dir', '/srv/profiles']);
  expect(result).toMatchObject({ ok: true, options: { allowedHosts: ['headroom.venue.lan', '10.0.0.9'], profilesDir: '/srv/profiles' } });
  expect(parseCliOptions([])).toMatchObject({ ok: true, options: { allowedHosts: [], profilesDir: null } });
  const bad = parseCliOptions(['--allow-host', 'http://evil.example/']);
  expect(bad.ok).toBe(false);
  if (!bad.ok) expect(bad.error).toMatch(/--allow-host must be host names/);
});

test('--desks: N simulated desks with --console sim, else a desk-set file; one desk without it', () => {
  expect(parseCliOptions([])).toMatchObject({ ok: true, options: { desks: null } });
  expect(parseCliOptions(['--console', 'sim', '--desks', '2'])).toMatchObject({ ok: true, options: { desks: { kind: 'sim', count: 2 } } });
  expect(parseCliOptions(['--desks', 'venue-desks.json'])).toMatchObject({ ok: true, options: { desks: { kind: 'file', path: 'venue-desks.json' } } });
  const notSim = parseCliOptions(['--console', 'x32', '--host', '10.0.0.2', '--desks', '2']);
  expect(notSim.ok).toBe(false);
  if (!notSim.ok) expect(notSim.error).toMatch(/--desks 2 runs simulated desks: use it with --console sim/);
  const tooMany = parseCliOptions(['--desks', '5']);
  expect(tooMany.ok).toBe(false);
  if (!tooMany.ok) expect(tooMany.error).toMatch(/--desks must be 2\.\.4/);
});
