/** The current view, kept in step with the URL hash (back/forward buttons work). */
import { parseRoute, routeHash, type Route } from './route';

/** The parts of `window` the router needs; injected so the router owns no globals. */
export interface HashLocation {
  readonly hash: string;
  assign(hash: string): void;
  onHashChange(listener: () => void): () => void;
}

export class Router {
  readonly #location: HashLocation;
  #route = $state<Route>({ view: 'overview' });

  constructor(location: HashLocation) {
    this.#location = location;
    this.#route = parseRoute(location.hash);
  }

  get route(): Route {
    return this.#route;
  }

  /** Follows the hash until the returned function is called. */
  start(): () => void {
    return this.#location.onHashChange(() => {
      this.#route = parseRoute(this.#location.hash);
    });
  }

  go(route: Route): void {
    this.#location.assign(routeHash(route));
    this.#route = route;
  }
}
