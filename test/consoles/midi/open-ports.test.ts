import { describe, expect, test } from 'vitest';
import { createMidiConsole } from '../../../server/consoles/midi/midi-console';
import { MidiLinkError } from '../../../server/consoles/midi/midi-transport';
import {
  formatMidiPortList,
  listMidiPorts,
  loadEasyMidi,
  openMidiPorts,
  type EasyMidiModule,
  type LoadEasyMidi,
} from '../../../server/consoles/midi/open-ports';

/** What easymidi does on a machine without /dev/snd: every call throws this. */
const noMidiSystem: LoadEasyMidi = async () => {
  const fail = (): never => {
    throw new Error('Failed to initialise RtMidi');
  };
  return { getInputs: fail, getOutputs: fail, Input: class { constructor() { fail(); } }, Output: class { constructor() { fail(); } } } as unknown as EasyMidiModule;
};

function fakeEasyMidi(inputs: string[], outputs: string[], opened: string[]): LoadEasyMidi {
  class Port {
    constructor(name: string) {
      opened.push(name);
    }
    on(): void {}
    send(): void {}
    close(): void {
      opened.push('closed');
    }
  }
  return async () => ({ getInputs: () => inputs, getOutputs: () => outputs, Input: Port, Output: Port }) as unknown as EasyMidiModule;
}

async function linkError(promise: Promise<unknown>): Promise<MidiLinkError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof MidiLinkError)) throw new Error(`expected a MidiLinkError, got ${String(error)}`);
  return error;
}

describe('opening real MIDI ports', () => {
  test('"Failed to initialise RtMidi" becomes a clear error that says what was tried and what to do', async () => {
    const error = await linkError(openMidiPorts({ input: 'Qu-16', output: 'Qu-16' }, noMidiSystem));
    expect(error.code).toBe('no-midi-system');
    expect(error.message).toContain('opening MIDI input "Qu-16" and output "Qu-16"');
    expect(error.message).toContain('snd-seq');
    expect(error.message).toContain('--midi-transport tcp');
    expect(error.message).not.toMatch(/\n\s+at /);
  });

  test('listing ports without a MIDI system fails the same way', async () => {
    expect((await linkError(listMidiPorts(noMidiSystem))).code).toBe('no-midi-system');
  });

  test('an adapter on named ports rejects start() with that error and stays idle', async () => {
    const desk = await createMidiConsole({ map: 'qu', transport: { kind: 'easymidi', input: 'Qu-16', output: 'Qu-16', loadEasyMidi: noMidiSystem } });
    const error = await linkError(desk.start(new AbortController().signal));
    expect(error.code).toBe('no-midi-system');
    expect(desk.state()).toBe('idle');
  });

  test('a port name that does not exist lists the ones that do', async () => {
    const error = await linkError(openMidiPorts({ input: 'Qu-32', output: 'Qu-16 MIDI' }, fakeEasyMidi(['Qu-16 MIDI', 'Midi Through'], ['Qu-16 MIDI'], [])));
    expect(error.code).toBe('midi-port-not-found');
    expect(error.message).toBe('no MIDI input named "Qu-32"; inputs on this machine: "Qu-16 MIDI", "Midi Through" (see --list-midi)');
  });

  test('existing ports are opened by name', async () => {
    const opened: string[] = [];
    const ports = await openMidiPorts({ input: 'In', output: 'Out' }, fakeEasyMidi(['In'], ['Out'], opened));
    expect(opened).toEqual(['In', 'Out']);
    expect(ports.description).toBe('MIDI in "In" / out "Out"');
  });

  test('a package that cannot load is reported as such', async () => {
    const error = await linkError(listMidiPorts(async () => Promise.reject(new Error('Cannot find module'))));
    expect(error.code).toBe('midi-unavailable');
    expect(error.message).toContain('Cannot find module');
  });

  test('the port list reads well in a terminal', () => {
    expect(formatMidiPortList({ inputs: ['Qu-16 MIDI'], outputs: [] })).toBe('MIDI inputs:\n  Qu-16 MIDI\nMIDI outputs:\n  (none)');
  });

  test('the real easymidi loads lazily; on this machine it either lists ports or says there is no MIDI system', async () => {
    const result = await listMidiPorts(loadEasyMidi).then(
      (list) => ({ ok: true as const, list }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    if (result.ok) {
      expect(Array.isArray(result.list.inputs)).toBe(true);
    } else {
      expect(result.error).toBeInstanceOf(MidiLinkError);
      expect((result.error as MidiLinkError).code).toBe('no-midi-system');
    }
  });
});
