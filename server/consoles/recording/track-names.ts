/**
 * Channel names of a recording: from iXML or BWF metadata where the recorder wrote them, else from file
 * names. Pure string work that never throws: a name is a nicety, never a reason to refuse a recording.
 */
import type { SourceType } from '../../model/stages';

const MAX_NAME_LENGTH = 32;

function clean(name: string): string | null {
  const text = name.replace(/[\u0000-\u001f]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, MAX_NAME_LENGTH);
  return text === '' ? null : text;
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

/**
 * Names from an iXML document's TRACK_LIST (iXML specification v2, "TRACK_LIST": each TRACK has
 * CHANNEL_INDEX, INTERLEAVE_INDEX — its 1-based position in the file, which wins — and NAME).
 * @returns names by 0-based channel (null where a channel has none); empty when there is no track list.
 */
export function trackNamesFromIxml(xml: string): (string | null)[] {
  const names: (string | null)[] = [];
  for (const track of xml.matchAll(/<TRACK>([\s\S]*?)<\/TRACK>/g)) {
    const field = (tag: string): string | undefined => new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(track[1]!)?.[1];
    const index = Number(field('INTERLEAVE_INDEX') ?? field('CHANNEL_INDEX'));
    const name = field('NAME');
    if (!Number.isInteger(index) || index < 1 || index > 1024 || name === undefined) continue;
    while (names.length < index) names.push(null);
    names[index - 1] = clean(unescapeXml(name));
  }
  return names;
}

/**
 * Names from a BWF Description (EBU Tech 3285 leaves its text free; field recorders write one
 * `sTRKn=name` line per track, n 1-based). Empty when there are none.
 */
export function trackNamesFromBext(description: string): (string | null)[] {
  const names: (string | null)[] = [];
  for (const match of description.matchAll(/sTRK(\d{1,4})=([^\r\n\u0000]*)/g)) {
    const index = Number(match[1]);
    if (index < 1 || index > 1024) continue;
    while (names.length < index) names.push(null);
    names[index - 1] = clean(match[2]!);
  }
  return names;
}

/** "03_Snare top.flac" -> "Snare top"; "kick-in.wav" -> "kick in". Falls back to the whole stem. */
export function trackNameFromFile(fileName: string): string {
  const stem = fileName.replace(/\.[^.]*$/, '');
  const named = stem.replace(/^\d+[\s._-]*/, '').replace(/[_-]+/g, ' ');
  return clean(named) ?? clean(stem) ?? 'Track';
}

/** Leading number of a file name ("03_Snare.wav" -> 3), or null. */
export function leadingNumber(fileName: string): number | null {
  const match = /^(\d+)/.exec(fileName);
  return match ? Number(match[1]) : null;
}

const SOURCE_WORDS: readonly [RegExp, SourceType][] = [
  [/\b(kick|bd|bass ?drum|kik)\b/i, 'kick'],
  [/\b(snare|sn|snr)\b/i, 'snare'],
  [/\b(hi ?hat|hh|hat)\b/i, 'hihat'],
  [/\b(tom|toms|floor)\b/i, 'tom'],
  [/\b(oh|overhead|overheads|cymbal|cym|ride|crash)\b/i, 'overhead'],
  [/\b(bass|bas|bgtr)\b/i, 'bass-di'],
  [/\b(gtr|guitar|guit|git)\b/i, 'guitar'],
  [/\b(keys|key|piano|pno|synth|organ|rhodes)\b/i, 'keys'],
  [/\b(vox|vocal|voc|lead ?vox|bv|bgv|choir|mc)\b/i, 'vocal'],
  [/\b(di)\b/i, 'di'],
  [/\b(playback|pb|track|click|loop|tape)\b/i, 'playback'],
];

/** A source type guessed from a channel name ("Kick In" -> kick), or null when the name says nothing. */
export function sourceTypeFromName(name: string): SourceType | null {
  const words = name.replace(/[_-]+/g, ' ');
  for (const [pattern, type] of SOURCE_WORDS) if (pattern.test(words)) return type;
  return null;
}
