/**
 * Cross-site WebSocket hijacking guard: a browser always sends Origin on a WebSocket upgrade (and on a
 * cross-site POST), so a page from elsewhere can be told apart from the tablet UI the bridge serves.
 * Clients that are not browsers send no Origin and are let through; they are not the threat.
 */

/**
 * True when `origin` is absent, names the host the request was sent to (the Host header, port included),
 * or is one of `allowedOrigins` (full origins such as "http://10.0.0.5:5173").
 */
export function originAllowed(origin: string | undefined, host: string | undefined, allowedOrigins: readonly string[]): boolean {
  if (origin === undefined) return true;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (parsed.origin === 'null') return false;
  if (allowedOrigins.some((allowed) => normaliseOrigin(allowed) === parsed.origin)) return true;
  return host !== undefined && parsed.host.toLowerCase() === normaliseHost(host, parsed.protocol);
}

/** "HTTP://Example:80" -> "http://example" (the form URL.origin uses); unparseable text stays as given. */
export function normaliseOrigin(origin: string): string {
  try {
    return new URL(origin).origin;
  } catch {
    return origin;
  }
}

/** The Host header as URL.host writes it for `protocol` (lower case, default port dropped). */
function normaliseHost(host: string, protocol: string): string {
  try {
    return new URL(`${protocol}//${host}`).host.toLowerCase();
  } catch {
    return host.toLowerCase();
  }
}
