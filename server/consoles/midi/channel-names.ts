/**
 * Channel names over SysEx, as Allen & Heath's dLive and Avantis give them: a request per channel, answered by
 * a reply prefix, the name as ASCII and F7 (dLive MIDI Over TCP/IP Protocol V2.0 and Avantis MIDI TCP/IP
 * Protocol V1.0, "Get Channel Name": header, 0N, 01, CH, F7 -> header, 0N, 02, CH, Name, F7).
 */
import type { MidiMessage } from './midi-message';
import { indexedValue, type Indexed } from '../mapped/param-template';
import { fillSysex, sysexKey, type SysexToken } from './sysex-template';

export interface ChannelNamesSpec {
  midiChannel: number;
  index: Indexed;
  request: readonly SysexToken[];
  replyPrefix: readonly SysexToken[];
}

export interface ChannelNames {
  /** One request per channel, channel 1 first. */
  requests: readonly MidiMessage[];
  prefixLength: number;
  /** Reply prefix key -> 1-based channel. */
  channelByPrefix: ReadonlyMap<string, number>;
}

/** The requests and reply lookup for channels 1..channels; an error text when an index leaves 0..127. */
export function compileNames(spec: ChannelNamesSpec, channels: number): ChannelNames | string {
  const channel = spec.midiChannel - 1;
  const requests: MidiMessage[] = [];
  const channelByPrefix = new Map<string, number>();
  for (let n = 1; n <= channels; n++) {
    const index = indexedValue(spec.index, n - 1);
    if (!Number.isInteger(index) || index < 0 || index > 127) return `channel ${n}'s index ${index} is outside 0..127`;
    requests.push({ type: 'sysex', bytes: fillSysex(spec.request, { channel, index, value: null }).map((byte) => byte ?? 0) });
    channelByPrefix.set(sysexKey(fillSysex(spec.replyPrefix, { channel, index, value: null })), n);
  }
  return { requests, prefixLength: spec.replyPrefix.length, channelByPrefix };
}

/**
 * The channel and name a SysEx reply carries; null when it is not a name reply. Bytes outside printable
 * ASCII are dropped rather than shown as garbage.
 */
export function channelNameOf(names: ChannelNames, bytes: readonly number[]): { channel: number; name: string } | null {
  if (bytes.length < names.prefixLength + 1 || bytes[bytes.length - 1] !== 0xf7) return null;
  const channel = names.channelByPrefix.get(sysexKey(bytes.slice(0, names.prefixLength)));
  if (channel === undefined) return null;
  const text = bytes.slice(names.prefixLength, -1).filter((byte) => byte >= 0x20 && byte < 0x7f);
  return { channel, name: String.fromCharCode(...text).trim() };
}
