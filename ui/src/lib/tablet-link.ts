/**
 * The addresses a second tablet can open, from the bridge's GET /api/urls, with the QR code the bridge
 * renders (an SVG document). The SVG is shown through an <img> data URL so nothing in it can run.
 */
export interface TabletLink {
  urls: string[];
  /** Data URL of the QR code SVG, for an <img src>. */
  qrImageUrl: string;
}

export type TabletLinkResult = { ok: true; link: TabletLink } | { ok: false; message: string };

/** Asks the bridge for its URLs; never throws (a failure is a message to show). */
export async function fetchTabletLink(fetchJson: (path: string) => Promise<Response>): Promise<TabletLinkResult> {
  let response: Response;
  try {
    response = await fetchJson('/api/urls');
  } catch (error) {
    return { ok: false, message: `The bridge did not answer: ${(error as Error).message}` };
  }
  if (!response.ok) return { ok: false, message: `The bridge answered HTTP ${response.status} for /api/urls.` };
  let body: unknown;
  try {
    body = await response.json();
  } catch (error) {
    return { ok: false, message: `The bridge's answer is not JSON: ${(error as Error).message}` };
  }
  if (!isLinkBody(body)) return { ok: false, message: 'The bridge sent no URLs or no QR code.' };
  return {
    ok: true,
    link: { urls: body.urls, qrImageUrl: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(body.qrSvg)}` },
  };
}

function isLinkBody(body: unknown): body is { urls: string[]; qrSvg: string } {
  if (typeof body !== 'object' || body === null) return false;
  const { urls, qrSvg } = body as Record<string, unknown>;
  return Array.isArray(urls) && urls.every((u) => typeof u === 'string') && typeof qrSvg === 'string' && qrSvg.includes('<svg');
}
