import { expect, test } from 'vitest';
import { MessageRouter, RouterError, type HandlerTable } from '../../server/hub/message-router';

const engineer = { clientId: 'e1', role: 'engineer' as const };
const viewer = { clientId: 'v1', role: 'viewer' as const };

const table: HandlerTable = {
  'journal-request': { access: 'viewer', handle: async (client) => [{ type: 'accepted', requestId: null, message: `journal for ${client.clientId}` }] },
  undo: { access: 'engineer', handle: async (client, message) => [{ type: 'accepted', requestId: message.requestId ?? null, message: `undo by ${client.clientId}` }] },
  'restore-backup': {
    access: 'engineer',
    handle: async () => {
      throw new Error('boom');
    },
  },
};

test('routes each type to its handler and enforces the role it needs', async () => {
  const failures: string[] = [];
  const router = new MessageRouter([table], (error, message) => failures.push(`${message.type}: ${(error as Error).message}`));
  expect(await router.dispatch(viewer, { type: 'journal-request' })).toEqual([{ type: 'accepted', requestId: null, message: 'journal for v1' }]);
  expect(await router.dispatch(engineer, { type: 'undo', requestId: 'u1' })).toEqual([{ type: 'accepted', requestId: 'u1', message: 'undo by e1' }]);
  expect(await router.dispatch(viewer, { type: 'undo', requestId: 'u2' })).toEqual([
    { type: 'error', requestId: 'u2', code: 'forbidden', message: expect.stringMatching(/engineer PIN/) },
  ]);
  expect(await router.dispatch(engineer, { type: 'dismiss', requestId: 'd', suggestionId: 'x' })).toMatchObject([{ type: 'error', code: 'unsupported' }]);
  expect(await router.dispatch(engineer, { type: 'restore-backup', requestId: 'r' })).toMatchObject([{ type: 'error', requestId: 'r', code: 'internal' }]);
  expect(failures).toEqual(['restore-backup: boom']);
});

test('two features handling one message type is a wiring error', () => {
  expect(() => new MessageRouter([table, { undo: table.undo }], () => {})).toThrow(RouterError);
});
