/** Keeps the bridge sending the meters of the view on screen (meter-view.ts), as the route changes. */
import { meterViewFor } from './meter-view';
import type { Route } from './route';
import type { MeterView } from '../../../server/hub/protocol';

/** Follows `route()` until the returned function is called. */
export function followMeterView(route: () => Route, setMeterView: (view: MeterView) => void): () => void {
  return $effect.root(() => {
    $effect(() => setMeterView(meterViewFor(route())));
  });
}
