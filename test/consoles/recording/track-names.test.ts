import { expect, test } from 'vitest';
import {
  leadingNumber, sourceTypeFromName, trackNameFromFile, trackNamesFromBext, trackNamesFromIxml,
} from '../../../server/consoles/recording/track-names';

test.each([
  ['03_Snare top.flac', 'Snare top'],
  ['kick-in.wav', 'kick in'],
  ['12 Vox 1.WAV', 'Vox 1'],
  ['0001.wav', '0001'],
  ['.wav', 'Track'],
])('file %s is channel "%s"', (file, name) => {
  expect(trackNameFromFile(file)).toBe(name);
});

test('leading numbers order files', () => {
  expect(leadingNumber('03_Snare.wav')).toBe(3);
  expect(leadingNumber('Snare.wav')).toBeNull();
});

test('iXML: INTERLEAVE_INDEX places a name, escaped characters are read, gaps stay null', () => {
  const xml = '<BWFXML><TRACK_LIST><TRACK><CHANNEL_INDEX>9</CHANNEL_INDEX><INTERLEAVE_INDEX>3</INTERLEAVE_INDEX><NAME>Bass &amp; DI</NAME></TRACK>'
    + '<TRACK><CHANNEL_INDEX>1</CHANNEL_INDEX><NAME>Kick</NAME></TRACK></TRACK_LIST></BWFXML>';
  expect(trackNamesFromIxml(xml)).toEqual(['Kick', null, 'Bass & DI']);
  expect(trackNamesFromIxml('<BWFXML/>')).toEqual([]);
  expect(trackNamesFromIxml('<TRACK><INTERLEAVE_INDEX>99999</INTERLEAVE_INDEX><NAME>x</NAME></TRACK>')).toEqual([]);
});

test('BWF description sTRKn= lines', () => {
  expect(trackNamesFromBext('sSPEED=025.000\r\nsTRK2=Snare\r\nsTRK1=Kick\r\n\0\0')).toEqual(['Kick', 'Snare']);
});

test.each([
  ['Kick In', 'kick'], ['BD', 'kick'], ['Snare top', 'snare'], ['HH', 'hihat'], ['Floor Tom', 'tom'], ['OH L', 'overhead'],
  ['Bass', 'bass-di'], ['Gtr 2', 'guitar'], ['Keys R', 'keys'], ['Lead Vox', 'vocal'], ['Click', 'playback'], ['Ch 05', null],
])('%s is a %s', (name, type) => {
  expect(sourceTypeFromName(name)).toBe(type);
});
