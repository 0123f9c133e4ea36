/**
 * Views of the tablet, addressed by the URL hash so a view survives a reload and can be linked:
 * `#/` overview, `#/channel/3` channel 3's level ladder, `#/suggestions`, `#/connection`.
 */
export type Route =
  | { view: 'overview' }
  | { view: 'channel'; channelIndex: number }
  | { view: 'suggestions' }
  | { view: 'connection' };

/** Reads a location hash; anything unknown is the overview. */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '');
  const channel = /^\/channel\/([1-9]\d{0,2})$/.exec(path);
  if (channel) return { view: 'channel', channelIndex: Number(channel[1]) };
  if (path === '/suggestions') return { view: 'suggestions' };
  if (path === '/connection') return { view: 'connection' };
  return { view: 'overview' };
}

export function routeHash(route: Route): string {
  switch (route.view) {
    case 'overview': return '#/';
    case 'channel': return `#/channel/${route.channelIndex}`;
    case 'suggestions': return '#/suggestions';
    case 'connection': return '#/connection';
  }
}
