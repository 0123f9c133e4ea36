/** Serves the built UI (dist/ui) with safe path handling; unknown paths fall back to index.html (single-page app). */
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

export async function serveStatic(uiDir: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const root = resolve(uiDir);
  const pathname = decodeURIComponentSafe(new URL(req.url ?? '/', 'http://x').pathname);
  const candidate = pathname === null ? null : resolve(join(root, normalize(pathname)));
  let file = candidate !== null && (candidate === root || candidate.startsWith(root + sep)) ? candidate : null;
  if (file !== null && (await isFile(file)) === false) file = null;
  const isAsset = file !== null && file !== root;
  const target = isAsset ? file! : join(root, 'index.html');
  let body: Buffer;
  try {
    body = await readFile(target);
  } catch {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(`The tablet UI is not built (${target} is missing). Run: npm run build:ui\n`);
    return;
  }
  const type = CONTENT_TYPES[extname(target)] ?? 'application/octet-stream';
  // Hashed assets never change; the page and the service worker must always be revalidated.
  const immutable = target.includes(`${sep}assets${sep}`);
  res.writeHead(200, {
    'content-type': type,
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function decodeURIComponentSafe(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
