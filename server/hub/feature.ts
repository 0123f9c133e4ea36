/**
 * What a bridge feature (suggestions, safety, soundcheck, venue profiles...) plugs into the hub: the client
 * messages it handles, the /api routes it serves and what a tablet gets from it on connect. Broadcasts go
 * through the bridge's shared broadcast topic, not through here.
 */
import type { ApiRoute } from './api-route';
import type { ClientContext, HandlerTable } from './message-router';
import type { ServerMessage } from './protocol';

export interface HubFeature {
  handlers: HandlerTable;
  routes: readonly ApiRoute[];
  /** Messages a tablet gets right after connecting (after hello, role, status, snapshot and suggestions). */
  welcome(client: ClientContext): ServerMessage[];
}
