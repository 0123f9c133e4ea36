import { describe, expect, test } from 'vitest';
import { fetchTabletLink } from '../../../ui/src/lib/tablet-link';

const answer = (status: number, body: string) => async () => new Response(body, { status, headers: { 'content-type': 'application/json' } });

describe('fetchTabletLink', () => {
  test('turns the bridge SVG into an image data URL, with the addresses', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>';
    const result = await fetchTabletLink(answer(200, JSON.stringify({ urls: ['http://10.0.0.2:8080/'], qrSvg: svg })));
    expect(result).toEqual({
      ok: true,
      link: { urls: ['http://10.0.0.2:8080/'], qrImageUrl: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}` },
    });
  });

  test.each([
    [answer(404, '{}'), 'HTTP 404'],
    [answer(200, 'not json'), 'not JSON'],
    [answer(200, JSON.stringify({ urls: 'x', qrSvg: '<svg/>' })), 'no URLs'],
    [async () => { throw new Error('offline'); }, 'offline'],
  ])('a bad answer becomes a message, never an exception (%#)', async (fetchJson, message) => {
    const result = await fetchTabletLink(fetchJson);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toContain(message);
  });
});
