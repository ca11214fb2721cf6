/** The hub serves the built web UI from its one port: files, the SPA fallback, cache headers, reserved paths. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startHub, type TestHub } from '../support/hub.ts';
import { WEB_DIST } from '../../src/portal/web/serve.ts';

describe('portal web UI serving', () => {
  let t: TestHub;
  let base: string;
  before(async () => {
    execFileSync('bash', ['scripts/build-web.sh'], { stdio: 'inherit', timeout: 180_000 }); // builds the UI when stale
    t = await startHub();
    base = t.hub.url.replace('https:', 'http:');
  });
  after(() => t?.stop());

  const get = (path: string, method = 'GET') => fetch(`${base}${path}`, { method, redirect: 'manual' });

  it('serves index.html at / and for every UI path, revalidated', async () => {
    for (const p of ['/', '/login', '/applications/guestbook', '/managed-clusters', '/dashboard']) {
      const r = await get(p);
      assert.equal(r.status, 200, p);
      assert.equal(r.headers.get('content-type'), 'text/html; charset=utf-8', p);
      assert.equal(r.headers.get('cache-control'), 'no-cache', p);
      assert.match(r.headers.get('content-security-policy') ?? '', /default-src 'self'/);
      const html = await r.text();
      assert.match(html, /<div id="root"><\/div>/, p);
      assert.doesNotMatch(html, /(src|href)="(https?:)?\/\//, 'no external CDN or font in the page');
    }
  });

  it('serves hashed assets with their content type, cached for good; HEAD has no body', async () => {
    const files = readdirSync(join(WEB_DIST, 'assets'));
    const js = files.find((f) => f.endsWith('.js'))!;
    const css = files.find((f) => f.endsWith('.css'))!;
    const r = await get(`/assets/${js}`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(r.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.ok((await r.text()).length > 1000);
    const c = await get(`/assets/${css}`, 'HEAD');
    assert.equal(c.status, 200);
    assert.equal(c.headers.get('content-type'), 'text/css; charset=utf-8');
    assert.equal(await c.text(), '');
    const styles = await (await get(`/assets/${css}`)).text();
    assert.doesNotMatch(styles, /url\(\s*['"]?(https?:)?\/\/|@import/, 'no remote fonts or stylesheets');
  });

  it('answers 404 for missing files instead of the app, and never serves outside dist', async () => {
    assert.equal((await get('/assets/missing-123.js')).status, 404);
    assert.equal((await get('/favicon.ico')).status, 404);
    assert.equal((await get('/%2e%2e/%2e%2e/package.json')).status, 404);
    assert.equal((await get('/..%2fserve.ts')).status, 404);
  });

  it('leaves /api, /clusters and non-GET requests to the APIs', async () => {
    for (const p of ['/api', '/api/v1/nothing-here', '/clusters', '/clusters/root/api']) {
      const r = await get(p);
      assert.notEqual(r.headers.get('content-type'), 'text/html; charset=utf-8', p);
    }
    const post = await fetch(`${base}/dashboard`, { method: 'POST', body: '{}' });
    assert.notEqual(post.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal((await get('/healthz')).status, 200);
  });
});
