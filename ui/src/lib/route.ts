/**
 * Views of the tablet, addressed by the URL hash so a view survives a reload and can be linked:
 * `#/` overview, `#/channel/3` channel 3's level ladder, `#/suggestions`, `#/soundcheck`, `#/journal`,
 * `#/venues`, `#/connection`, `#/stage-box` (desk sets).
 */
export type Route =
  | { view: 'overview' }
  | { view: 'channel'; channelIndex: number }
  | { view: 'suggestions' }
  | { view: 'soundcheck' }
  | { view: 'journal' }
  | { view: 'venues' }
  | { view: 'connection' }
  | { view: 'stage-box' };

/** The views without parameters, by their hash path. */
const PLAIN_VIEWS = ['suggestions', 'soundcheck', 'journal', 'venues', 'connection', 'stage-box'] as const;

/** Reads a location hash; anything unknown is the overview. */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '');
  const channel = /^\/channel\/([1-9]\d{0,2})$/.exec(path);
  if (channel) return { view: 'channel', channelIndex: Number(channel[1]) };
  const plain = PLAIN_VIEWS.find((view) => path === `/${view}`);
  return plain === undefined ? { view: 'overview' } : { view: plain };
}

export function routeHash(route: Route): string {
  switch (route.view) {
    case 'overview': return '#/';
    case 'channel': return `#/channel/${route.channelIndex}`;
    default: return `#/${route.view}`;
  }
}
