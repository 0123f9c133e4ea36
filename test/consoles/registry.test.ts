/** The console registry drives the CLI: choices, defaults, host and map checks, help; and every desk has a fake. */
import { describe, expect, test } from 'vitest';
import { CONSOLE_KIND_COLUMN, parseCliOptions, usage } from '../../server/cli/options';
import { CONSOLE_KINDS, CONSOLE_REGISTRY, isConsoleKind } from '../../server/consoles/registry';
import { FAKE_DESKS } from '../fakes/fake-desks';

describe.each(CONSOLE_KINDS)('%s', (kind) => {
  const descriptor = CONSOLE_REGISTRY[kind];
  const mapArgs = descriptor.maps ? ['--map', descriptor.maps[0]!] : [];
  const modelArgs = descriptor.models ? ['--model', descriptor.models[0]!] : [];
  const midiArgs = kind === 'midi' ? ['--midi-in', 'in', '--midi-out', 'out'] : kind === 'recording' ? ['--recording', 'take/'] : [];

  test('is a --console choice with its default port', () => {
    const result = parseCliOptions(['--console', kind, '--host', '10.0.0.9', ...mapArgs, ...modelArgs, ...midiArgs]);
    expect(result).toMatchObject({ ok: true, options: { console: kind, consolePort: descriptor.defaultPort } });
  });

  test('asks for --host exactly when the descriptor needs one', () => {
    const result = parseCliOptions(['--console', kind, ...mapArgs, ...modelArgs, ...midiArgs]);
    expect(result.ok).toBe(!descriptor.needsHost({ midiTransport: 'ports' }));
    if (!result.ok) expect(result.error).toBe(`--console ${kind} needs --host IP (the desk's address)`);
  });

  test('asks for --map exactly when the console takes one', () => {
    const result = parseCliOptions(['--console', kind, '--host', '10.0.0.9', ...modelArgs, ...midiArgs]);
    expect(result.ok).toBe(descriptor.maps === undefined);
  });

  test('asks for --model exactly when the console has model families', () => {
    const result = parseCliOptions(['--console', kind, '--host', '10.0.0.9', ...mapArgs, ...midiArgs]);
    expect(result.ok).toBe(descriptor.models === undefined);
    if (!result.ok) expect(result.error).toBe(`--console ${kind} needs --model ${descriptor.models!.join('|')}`);
  });

  test('is listed in the help with its label and transport', () => {
    expect(usage()).toContain(`  ${kind.padEnd(CONSOLE_KIND_COLUMN)}${descriptor.label}: ${descriptor.transport}`);
  });

  test('a desk with a network port of its own has a fake to test it against', () => {
    expect(FAKE_DESKS[kind] !== undefined).toBe(descriptor.defaultPort !== null);
  });
});

test('kinds are the registry keys; anything else is not a console', () => {
  expect(CONSOLE_KINDS).toEqual(Object.keys(CONSOLE_REGISTRY));
  expect(isConsoleKind('wing')).toBe(true);
  expect(isConsoleKind('yamaha')).toBe(true);
  expect(isConsoleKind('toString')).toBe(false);
  expect(isConsoleKind('soundcraft-vi')).toBe(false);
});
