/**
 * Serves the portal's built web UI (src/portal/web/dist, from `npm run build:web`) on the hub's port:
 * files as they are, index.html for every other UI path (the app routes in the browser). Paths under
 * /api and /clusters are never answered here: they belong to the portal API and the Kubernetes API.
 */
import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Route } from '../../hub/hub.ts';

export const WEB_DIST = fileURLToPath(new URL('./dist/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

const HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
  // Everything comes from this origin: no CDN, no remote fonts, no inline scripts.
  'Content-Security-Policy': "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
};

/** Paths the UI never claims. */
export function isReserved(pathname: string): boolean {
  return /^\/(api|clusters)(\/|$)/.test(pathname);
}

function fileAt(dir: string, pathname: string): string | undefined {
  let rel: string;
  try {
    rel = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
  } catch {
    return undefined;
  }
  if (rel.split(/[/\\]/).includes('..')) return undefined;
  const p = join(dir, rel);
  if (!p.startsWith(dir.endsWith(sep) ? dir : dir + sep)) return undefined;
  try {
    return statSync(p).isFile() ? p : undefined;
  } catch {
    return undefined;
  }
}

export function webRoute(dir: string = WEB_DIST): Route {
  return async (req, res, url) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isReserved(url.pathname)) return false;
    const index = fileAt(dir, 'index.html');
    if (!index) {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', ...HEADERS });
      res.end('The portal web UI is not built: run `npm run build:web` (make up and make test do it).\n');
      return true;
    }
    const file = url.pathname === '/' ? undefined : fileAt(dir, url.pathname);
    // A missing asset or file is a 404, not the app: only extension-less UI paths fall back to index.html.
    if (!file && (url.pathname.startsWith('/assets/') || extname(url.pathname) !== '')) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...HEADERS });
      res.end('not found\n');
      return true;
    }
    const path = file ?? index;
    const hashed = path.startsWith(join(dir, 'assets') + sep);
    res.writeHead(200, {
      'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream',
      'Content-Length': statSync(path).size,
      // Hashed file names change with their content: cache them for good; everything else is revalidated.
      'Cache-Control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
      ...HEADERS,
    });
    if (req.method === 'HEAD') {
      res.end();
      return true;
    }
    await new Promise<void>((resolve) => {
      createReadStream(path).on('error', () => res.destroy()).on('close', resolve).pipe(res);
    });
    return true;
  };
}
