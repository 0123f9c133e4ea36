/** A mix suggestion judged after pending channel fixes names them and what it becomes once they land. */
import { describe, expect, test } from 'vitest';
import { fixName, withDependencies } from '../../server/engine/pending-changes';
import type { LevelShift } from '../../server/model/level-model';
import { makeSuggestion } from '../ui/lib/builders';

const kick = makeSuggestion({ id: 'clipping:ch1:preamp', label: 'Ch 1 Kick', stage: 'preamp' });
const bass = makeSuggestion({
  id: 'processor-gain:ch8:dynamics',
  label: 'Ch 8 Bass DI',
  stage: 'dynamics',
  target: { kind: 'channel', index: 8 },
  change: { param: 'ch.8.dynMakeupDb', currentValue: 12, proposedValue: 3, deltaDb: -9 },
});
const mainFix = makeSuggestion({
  id: 'main-headroom:main:main',
  rule: 'main-headroom',
  target: { kind: 'main' },
  label: 'Main LR',
  stage: 'main',
  change: { param: 'main.faderDb', currentValue: 0, proposedValue: -3.1, deltaDb: -3.1 },
  purpose: ['main'],
});

function shift(totalDb: number, channels: { channel: number; deltaDb: number }[]): LevelShift {
  return {
    channels: new Map(),
    mixes: [{ mix: 'main', label: 'PA', masterDb: 0, totalDb, channels: channels.map((c) => ({ ...c, label: `Ch ${c.channel}` })) }],
  };
}

describe('withDependencies', () => {
  test('names the channel fix that moves its mix and what the suggestion becomes after it', () => {
    const result = withDependencies(mainFix, shift(-2.1, [{ channel: 1, deltaDb: -4 }]), [kick, bass]);
    expect(result.dependsOn).toEqual(['clipping:ch1:preamp']);
    expect(result.dependencyNote).toBe("After Ch 1 Kick's gain fix (PA -2.1 dB) this becomes -3.1 dB.");
  });

  test('lists several fixes in order', () => {
    const result = withDependencies(mainFix, shift(-3, [{ channel: 1, deltaDb: -4 }, { channel: 8, deltaDb: -2 }]), [kick, bass]);
    expect(result.dependsOn).toEqual(['clipping:ch1:preamp', 'processor-gain:ch8:dynamics']);
    expect(result.dependencyNote).toBe("After Ch 1 Kick's gain fix and Ch 8 Bass DI's compressor fix (PA -3.0 dB) this becomes -3.1 dB.");
  });

  test.each([
    { name: 'the compensated fixes keep the mix (under 0.1 dB)', pending: shift(-0.05, [{ channel: 1, deltaDb: -0.05 }]), suggestion: mainFix },
    { name: 'nothing pending reaches its mix', pending: { channels: new Map(), mixes: [] }, suggestion: mainFix },
    { name: 'a channel suggestion', pending: shift(-2.1, [{ channel: 1, deltaDb: -4 }]), suggestion: kick },
  ])('depends on nothing when $name', ({ pending, suggestion }) => {
    const result = withDependencies(suggestion, pending, [kick, bass]);
    expect(result.dependsOn).toEqual([]);
    expect(result.dependencyNote).toBeNull();
  });
});

test.each([
  ['preamp', "Ch 1 Kick's gain fix"],
  ['eq', "Ch 1 Kick's EQ fix"],
  ['dynamics', "Ch 1 Kick's compressor fix"],
  ['main', "Ch 1 Kick's fader fix"],
] as const)('a %s suggestion is called "%s"', (stage, name) => {
  expect(fixName({ label: 'Ch 1 Kick', stage })).toBe(name);
});
