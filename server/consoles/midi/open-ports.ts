/**
 * The one place that touches the real MIDI system (easymidi over RtMidi): listing ports and opening a pair
 * by name. easymidi is imported lazily, so loading the adapter never fails on a machine without MIDI;
 * every failure becomes a MidiLinkError that says what was tried and how to fix it. On machines without
 * an ALSA sequencer (no /dev/snd) every easymidi call throws "Failed to initialise RtMidi".
 */
import { MidiLinkError, portsTransport, type MidiPorts, type MidiTransport } from './midi-transport';

/** The part of the easymidi module this file uses. */
export interface EasyMidiModule {
  getInputs(): string[];
  getOutputs(): string[];
  Input: new (name: string) => MidiPorts['input'];
  Output: new (name: string) => MidiPorts['output'];
}

export type LoadEasyMidi = () => Promise<EasyMidiModule>;

/** Imports easymidi on first use. */
export const loadEasyMidi: LoadEasyMidi = async () => {
  const module = await import('easymidi');
  // easymidi's own typings omit the 'message' event its Input emits, so the module is typed here instead.
  return (module.default ?? module) as unknown as EasyMidiModule;
};

export interface MidiPortList {
  inputs: string[];
  outputs: string[];
}

/** The MIDI ports on this machine (for --list-midi). Rejects with MidiLinkError. */
export async function listMidiPorts(load: LoadEasyMidi): Promise<MidiPortList> {
  const easymidi = await importEasyMidi(load);
  return attempt('listing MIDI ports', () => ({ inputs: easymidi.getInputs(), outputs: easymidi.getOutputs() }));
}

/** "MIDI inputs:\n  Qu-16 MIDI 1\nMIDI outputs:\n  ..." for a terminal. */
export function formatMidiPortList(list: MidiPortList): string {
  const section = (title: string, names: string[]): string[] => [title, ...(names.length ? names.map((name) => `  ${name}`) : ['  (none)'])];
  return [...section('MIDI inputs:', list.inputs), ...section('MIDI outputs:', list.outputs)].join('\n');
}

/** Opens an input and an output port by exact name (as --list-midi prints them). Rejects with MidiLinkError. */
export async function openMidiPorts(names: { input: string; output: string }, load: LoadEasyMidi): Promise<MidiPorts> {
  const easymidi = await importEasyMidi(load);
  const tried = `opening MIDI input "${names.input}" and output "${names.output}"`;
  const list = attempt(tried, () => ({ inputs: easymidi.getInputs(), outputs: easymidi.getOutputs() }));
  if (!list.inputs.includes(names.input)) throw portNotFound('input', names.input, list.inputs);
  if (!list.outputs.includes(names.output)) throw portNotFound('output', names.output, list.outputs);
  const input = attempt(tried, () => new easymidi.Input(names.input));
  try {
    const output = attempt(tried, () => new easymidi.Output(names.output));
    return { input, output, description: `MIDI in "${names.input}" / out "${names.output}"` };
  } catch (error) {
    input.close();
    throw error;
  }
}

async function importEasyMidi(load: LoadEasyMidi): Promise<EasyMidiModule> {
  try {
    return await load();
  } catch (error) {
    throw new MidiLinkError(
      'midi-unavailable',
      `the easymidi package could not be loaded (${reason(error)}); reinstall the dependencies (npm ci), or reach an Allen & Heath desk over the network: --console midi --midi-transport tcp --host <desk IP>`,
    );
  }
}

function attempt<T>(tried: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw midiSystemError(tried, error);
  }
}

/** Turns an RtMidi/easymidi failure into a MidiLinkError that says what was tried and what to do. */
function midiSystemError(tried: string, error: unknown): MidiLinkError {
  const text = reason(error);
  if (/RtMidi|ALSA|snd_seq|\/dev\/snd/i.test(text)) {
    return new MidiLinkError(
      'no-midi-system',
      `${tried} failed: this machine has no MIDI system (RtMidi could not open the ALSA sequencer, /dev/snd/seq). ` +
        'Load it (sudo modprobe snd-seq) or run Headroom on a machine with MIDI ports, ' +
        'or reach an Allen & Heath desk over the network instead: --console midi --midi-transport tcp --host <desk IP>.',
    );
  }
  return new MidiLinkError('midi-port-failed', `${tried} failed: ${text}`);
}

function portNotFound(kind: 'input' | 'output', name: string, available: string[]): MidiLinkError {
  const list = available.length ? available.map((port) => `"${port}"`).join(', ') : 'none';
  return new MidiLinkError('midi-port-not-found', `no MIDI ${kind} named "${name}"; ${kind}s on this machine: ${list} (see --list-midi)`);
}

function reason(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.trim();
}

/**
 * A transport that opens the named ports when the adapter starts (so a missing MIDI system is reported by
 * start(), not at import). Opening failures are final: a person has to plug in or rename something.
 */
export function namedPortsTransport(
  names: { input: string; output: string },
  load: LoadEasyMidi,
  onSendError: (error: unknown) => void,
): MidiTransport {
  let inner: MidiTransport | null = null;
  return {
    description: `MIDI in "${names.input}" / out "${names.output}"`,
    retries: false,
    async open(handlers) {
      inner = portsTransport(await openMidiPorts(names, load), onSendError);
      await inner.open(handlers);
    },
    send(messages) {
      inner?.send(messages);
    },
    close() {
      inner?.close();
      inner = null;
    },
  };
}
