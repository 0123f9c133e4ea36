import { describe, expect, test } from 'vitest';
import { parseRoute, routeHash, type Route } from '../../../ui/src/lib/route';
import { badgesOf } from '../../../ui/src/lib/suggestion-targets';
import { makeSuggestion } from './builders';

describe('routes', () => {
  test.each<[string, Route]>([
    ['', { view: 'overview' }],
    ['#/', { view: 'overview' }],
    ['#/channel/12', { view: 'channel', channelIndex: 12 }],
    ['#/channel/0', { view: 'overview' }],
    ['#/channel/abc', { view: 'overview' }],
    ['#/suggestions', { view: 'suggestions' }],
    ['#/connection', { view: 'connection' }],
    ['#/soundcheck', { view: 'soundcheck' }],
    ['#/journal', { view: 'journal' }],
    ['#/venues', { view: 'venues' }],
    ['#/venues/x', { view: 'overview' }],
  ])('%s is %o', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });

  test('every route survives a round trip through the hash', () => {
    const routes: Route[] = [
      { view: 'overview' }, { view: 'channel', channelIndex: 3 }, { view: 'suggestions' }, { view: 'soundcheck' }, { view: 'journal' },
      { view: 'venues' }, { view: 'connection' },
    ];
    for (const route of routes) expect(parseRoute(routeHash(route))).toEqual(route);
  });
});

describe('badgesOf', () => {
  test('counts suggestions per strip and keeps the worst severity', () => {
    const badges = badgesOf([
      makeSuggestion({ id: 'a', severity: 'info' }),
      makeSuggestion({ id: 'b', severity: 'urgent' }),
      makeSuggestion({ id: 'c', target: { kind: 'bus', index: 2 } }),
      makeSuggestion({ id: 'd', target: { kind: 'main' }, severity: 'info' }),
    ]);
    expect(badges.channels.get(1)).toEqual({ severity: 'urgent', count: 2 });
    expect(badges.buses.get(2)).toEqual({ severity: 'advice', count: 1 });
    expect(badges.main).toEqual({ severity: 'info', count: 1 });
    expect(badges.channels.get(2)).toBeUndefined();
  });

  test('a note about the console as a whole badges no strip, not even main', () => {
    const badges = badgesOf([makeSuggestion({ id: 'preamp-target:main:preamp', target: { kind: 'main' }, label: 'Console', severity: 'info', change: null })]);
    expect(badges.main).toBeNull();
  });
});
