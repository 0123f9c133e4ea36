import { describe, expect, test } from 'vitest';
import { exportPath, MAX_PROFILE_BYTES, profileIdProblem, suggestProfileId, uploadProfile } from '../../../ui/src/lib/profile-transfer';

const reply = (status: number, body: unknown) => async () => new Response(JSON.stringify(body), { status });
const summary = { id: 'club', venue: 'The Club', consoleModel: 'XR18', fileSchemaVersion: 2, updatedIso: '2026-11-25T18:00:00.000Z', lastVisit: null, note: null };

describe('profile ids', () => {
  test.each([
    ['club-xr18', null],
    ['', 'Give the profile an id.'],
    ['Club', 'An id is'],
    ['-club', 'An id is'],
    ['../etc', 'An id is'],
  ])('%j', (id, problem) => {
    const found = profileIdProblem(id);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toContain(problem);
  });

  test('an id is suggested from a file or venue name', () => {
    expect(suggestProfileId('The Cellar Club.json')).toBe('the-cellar-club');
    expect(suggestProfileId('--Théâtre 2--')).toBe('th-tre-2');
  });

  test('export is a GET of the profile by id', () => {
    expect(exportPath('club-xr18')).toBe('/api/venues/export?id=club-xr18');
  });
});

describe('uploadProfile', () => {
  test('posts the file as JSON with the engineer token and returns the saved profile', async () => {
    let sent: { path: string; init: RequestInit } | null = null;
    const result = await uploadProfile(async (path, init) => {
      sent = { path, init };
      return new Response(JSON.stringify(summary), { status: 200 });
    }, 'club', '{"venue":"The Club"}', 'tok');
    expect(result).toEqual({ ok: true, summary });
    expect(sent!.path).toBe('/api/venues/import?id=club');
    expect(sent!.init.method).toBe('POST');
    expect(new Headers(sent!.init.headers).get('authorization')).toBe('Bearer tok');
    expect(sent!.init.body).toBe('{"venue":"The Club"}');
  });

  test.each([
    [reply(422, { code: 'invalid', error: 'upload:club.json: targets.averageDbfs: Too big', field: 'targets.averageDbfs' }), 'upload:club.json: targets.averageDbfs: Too big', 'targets.averageDbfs'],
    [reply(422, { code: 'corrupt', error: 'upload:club.json: not JSON', field: null }), 'upload:club.json: not JSON', null],
    [reply(401, { code: 'forbidden', error: '/api/venues/import needs the engineer role' }), '/api/venues/import needs the engineer role', null],
    [async () => new Response('<html>', { status: 502 }), 'The bridge answered HTTP 502.', null],
    [async () => { throw new Error('network down'); }, 'The bridge did not answer: network down', null],
  ])('a refusal names what is wrong and never throws (%#)', async (post, message, field) => {
    expect(await uploadProfile(post, 'club', '{}', 'tok')).toEqual({ ok: false, message, field });
  });

  test('a bad id, a missing token or a file that is not JSON is refused before anything is sent', async () => {
    const never = async (): Promise<Response> => { throw new Error('must not be called'); };
    expect(await uploadProfile(never, 'Bad Id', '{}', 'tok')).toMatchObject({ ok: false, message: expect.stringContaining('An id is') });
    expect(await uploadProfile(never, 'club', '{}', null)).toMatchObject({ ok: false, message: expect.stringContaining('engineer role') });
    expect(await uploadProfile(never, 'club', '{"venue": ', 'tok')).toMatchObject({ ok: false, message: expect.stringContaining('not JSON') });
    const huge = JSON.stringify({ notes: 'x'.repeat(MAX_PROFILE_BYTES) });
    expect(await uploadProfile(never, 'club', huge, 'tok')).toMatchObject({ ok: false, message: 'The file is larger than 2 MB.' });
  });
});
