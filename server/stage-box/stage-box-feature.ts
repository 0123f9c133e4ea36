/**
 * The stage box on one desk's hub: the shared preamps and who owns them on connect, GET /api/stage-box for
 * scripts, GET /api/stage-box/preview?channel=N&gainDb=X (what a gain change on this desk would write and
 * move on every desk, before anything is written), and two engineer actions over HTTP: switching tracking on or off for this desk and another, and
 * undoing a tracked change on every desk at once. Both need this desk's engineer login.
 */
import { z } from 'zod';
import type { ApiReply, ApiRoute } from '../hub/api-route';
import type { HubFeature } from '../hub/feature';
import { encodeJournalEntry } from '../safety/journal-codec';
import { describeOutcome } from '../safety/write-replies';
import { WriteError } from '../safety/safe-writer';
import type { GainTracker } from './gain-tracker';

const trackingBody = z.strictObject({ with: z.string().min(1).max(64), on: z.boolean() });
const undoBody = z.strictObject({ id: z.string().min(1).max(64), confirm: z.boolean().optional() });

function badRequest(error: z.ZodError): ApiReply {
  const issue = error.issues[0];
  return { status: 400, body: { code: 'bad-request', error: `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid body'}` } };
}

function refused(error: unknown): ApiReply {
  if (!(error instanceof WriteError)) throw error;
  const status = error.code === 'needs-confirmation' ? 409 : error.code === 'nothing-to-undo' ? 404 : error.code === 'read-only' ? 403 : 400;
  return { status, body: { code: error.code, error: error.message } };
}

export function stageBoxFeature(tracker: GainTracker, desk: string): HubFeature {
  const routes: ApiRoute[] = [
    { method: 'GET', path: '/api/stage-box', handle: () => ({ status: 200, body: { desk, stageBox: tracker.state() } }) },
    {
      method: 'GET',
      path: '/api/stage-box/preview',
      handle: (request) => {
        const channel = Number(request.query.get('channel'));
        const gainDb = Number(request.query.get('gainDb'));
        if (!Number.isInteger(channel) || channel < 1 || channel > 999 || request.query.get('gainDb') === null || !Number.isFinite(gainDb)) {
          return { status: 400, body: { code: 'bad-request', error: 'channel must be 1..999 and gainDb a number of dB' } };
        }
        const desks = tracker.preview(desk, channel, gainDb);
        if (desks === null) return { status: 404, body: { code: 'not-shared', error: `Ch ${channel} of this desk is on no shared preamp.` } };
        return { status: 200, body: { desk, desks } };
      },
    },
    {
      method: 'POST',
      path: '/api/stage-box/tracking',
      access: 'engineer',
      handle: (request) => {
        const parsed = trackingBody.safeParse(request.body);
        if (!parsed.success) return badRequest(parsed.error);
        try {
          tracker.setTracking(desk, parsed.data.with, parsed.data.on);
        } catch (error) {
          return refused(error);
        }
        return { status: 200, body: { desk, stageBox: tracker.state() } };
      },
    },
    {
      method: 'POST',
      path: '/api/stage-box/undo',
      access: 'engineer',
      handle: async (request) => {
        const parsed = undoBody.safeParse(request.body);
        if (!parsed.success) return badRequest(parsed.error);
        try {
          const outcome = await tracker.undo(parsed.data.id, `${desk}-tablet@${request.remoteAddress}`, parsed.data.confirm === true);
          return {
            status: 200,
            body: {
              entries: outcome.entries.map(encodeJournalEntry),
              failures: outcome.failures,
              message: describeOutcome('undo', outcome),
            },
          };
        } catch (error) {
          return refused(error);
        }
      },
    },
  ];
  return {
    handlers: {},
    routes,
    welcome: () => [{ type: 'stage-box', desk, stageBox: tracker.state() }],
  };
}
