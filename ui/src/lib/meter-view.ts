/** Which meters a view of the tablet draws, so the bridge sends only those (protocol.ts MeterView). */
import type { MeterView } from '../../../server/hub/protocol';
import type { Route } from './route';

export function meterViewFor(route: Route): MeterView {
  switch (route.view) {
    case 'overview':
    case 'soundcheck':
      return { kind: 'overview' };
    case 'channel':
      return { kind: 'channel', channel: route.channelIndex };
    // Views without meters take the main alone: a trickle that keeps "no meters for over 1 s" truthful.
    default:
      return { kind: 'mix', bus: null };
  }
}
