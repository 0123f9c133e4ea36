/**
 * Venue profiles on the hub: every tablet sees the list and the profile in force; an engineer activates,
 * saves, previews and recalls (through the safety path). Export and import are plain HTTP so a tablet can
 * download and upload files.
 */
import type { BridgeContext } from '../bridge';
import type { ApiRoute } from '../hub/api-route';
import type { HubFeature } from '../hub/feature';
import type { ServerMessage, VenuesState } from '../hub/protocol';
import { isProfileId } from '../profiles/profile-id';
import { ProfileError } from '../profiles/profile-error';
import type { MeterStatistics } from '../meters/statistics';
import type { ProfileStore } from '../profiles/profile-store';
import type { VenueProfile } from '../profiles/schema';
import { MAX_PROFILE_BYTES, VenueService } from './venue-service';

export interface VenueFeatureOptions {
  venues: VenueService;
  broadcast: (message: ServerMessage) => void;
  onError: (error: unknown) => void;
}

const HTTP_STATUS: Record<ProfileError['code'], number> = { 'not-found': 404, invalid: 422, corrupt: 422, 'bad-id': 400, io: 500 };

export function venueFeature(options: VenueFeatureOptions): HubFeature {
  const { venues } = options;
  const activeState = (): VenuesState['active'] => {
    const { id, profile } = venues.active();
    return { id, venue: profile.venue, targets: profile.targets, outputs: profile.outputs };
  };
  let state: VenuesState = { profiles: [], invalid: [], active: activeState() };

  const refresh = async (): Promise<VenuesState> => {
    const listing = await venues.list();
    state = { profiles: listing.profiles, invalid: listing.invalid, active: activeState() };
    options.broadcast({ type: 'venues', requestId: null, venues: state });
    return state;
  };
  refresh().catch(options.onError);

  /** Profile errors become error replies that name the file and field; anything else is the router's. */
  const guarded = async (requestId: string | null, work: () => Promise<ServerMessage[]>): Promise<ServerMessage[]> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof ProfileError) return [{ type: 'error', requestId, code: 'bad-message', message: error.message }];
      throw error;
    }
  };

  const routes: ApiRoute[] = [
    { method: 'GET', path: '/api/venues', handle: async () => ({ status: 200, body: await refresh() }) },
    {
      method: 'GET',
      path: '/api/venues/export',
      handle: async (request) => {
        const id = request.query.get('id') ?? '';
        try {
          const text = await venues.exportText(id);
          return { status: 200, body: JSON.parse(text), headers: { 'content-disposition': `attachment; filename="${id}.json"` } };
        } catch (error) {
          if (error instanceof ProfileError) return { status: HTTP_STATUS[error.code], body: { code: error.code, error: error.message } };
          throw error;
        }
      },
    },
    {
      method: 'POST',
      path: '/api/venues/import',
      access: 'engineer',
      maxBodyBytes: MAX_PROFILE_BYTES,
      handle: async (request) => {
        const id = request.query.get('id') ?? '';
        if (!isProfileId(id)) return { status: 400, body: { code: 'bad-id', error: `"${id}" is not a profile id (lowercase letters, digits and dashes)` } };
        try {
          const summary = await venues.importText(id, JSON.stringify(request.body ?? null));
          await refresh();
          return { status: 200, body: summary };
        } catch (error) {
          if (error instanceof ProfileError) return { status: HTTP_STATUS[error.code], body: { code: error.code, error: error.message, field: error.fieldPath } };
          throw error;
        }
      },
    },
    { method: 'GET', path: '/api/venues/drift', handle: () => ({ status: 200, body: { notes: venues.driftNow() } }) },
  ];

  return {
    routes,
    welcome: () => [{ type: 'venues', requestId: null, venues: state }],
    handlers: {
      'venue-activate': {
        access: 'engineer',
        handle: (_client, message) => guarded(message.requestId ?? null, async () => {
          const preview = await venues.activate(message.id);
          await refresh();
          return [{ type: 'venue-preview', requestId: message.requestId ?? null, preview }];
        }),
      },
      'venue-preview': {
        access: 'viewer',
        handle: (_client, message) => guarded(message.requestId ?? null, async () => [
          { type: 'venue-preview', requestId: message.requestId ?? null, preview: await venues.preview(message.id, message.selection) },
        ]),
      },
      'venue-save': {
        access: 'engineer',
        handle: (_client, message) => guarded(message.requestId ?? null, async () => {
          const summary = await venues.saveCurrent(message.id, message.venue ?? null);
          await refresh();
          return [{ type: 'venue-saved', requestId: message.requestId ?? null, summary }];
        }),
      },
      'venue-recall': {
        access: 'engineer',
        handle: (client, message) => guarded(message.requestId ?? null, async () => {
          const requestId = message.requestId ?? null;
          if (message.confirm !== true) {
            return [{ type: 'venue-preview', requestId, preview: await venues.preview(message.id, message.selection) }];
          }
          const result = await venues.recall(message.id, message.selection, client.clientId, true);
          return [{ type: 'venue-recalled', requestId, id: message.id, applied: result.applied.length, failed: result.failed }];
        }),
      },
    },
  };
}

export interface VenueWiring {
  store: ProfileStore;
  /** Soundcheck-window statistics (what a saved profile records and drift compares). */
  statistics: () => MeterStatistics;
  initial: { id: string | null; profile: VenueProfile };
  todayIso: () => string;
  onError: (error: unknown) => void;
}

/** The venue feature on a running bridge: activation hands the profile to the bridge's advisor. */
export function venueFeatureFor(context: BridgeContext, wiring: VenueWiring): HubFeature {
  const venues = new VenueService({
    store: wiring.store,
    console: context.console,
    statistics: wiring.statistics,
    writer: context.writer,
    onActivate: (profile) => context.advisor.setProfile(profile),
    todayIso: wiring.todayIso,
    initial: wiring.initial,
  });
  return venueFeature({ venues, broadcast: context.broadcast, onError: wiring.onError });
}

/** Today's date on this machine's clock, YYYY-MM-DD (a show that runs past midnight still files under its local day). */
export function localDateIso(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
