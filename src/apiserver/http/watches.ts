/**
 * Watch streaming over HTTP: one chunked response of newline-delimited `{"type","object"}` events.
 * Bookmarks come from one shared ticker for all open watches (no timer per watch or per tenant); each
 * watch ends at its `timeoutSeconds` (default 30–60 min, as upstream's random window).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiCore, RequestContext, Target } from '../core.ts';
import { StatusError } from '../errors.ts';
import type { KObject } from '../types.ts';
import type { AcceptInfo } from './codec.ts';
import { toView } from './views.ts';

interface Open {
  bookmarks: boolean;
  bookmark: () => void;
  close: () => void;
}

export class Watches {
  private readonly open = new Set<Open>();
  private ticker: NodeJS.Timeout | undefined;

  constructor(private readonly bookmarkEveryMs = 15_000) {}

  get count(): number {
    return this.open.size;
  }

  private tick = () => {
    for (const w of this.open) if (w.bookmarks) w.bookmark();
    if (this.open.size === 0 && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
  };

  async serve(req: IncomingMessage, res: ServerResponse, ctx: RequestContext, core: ApiCore, t: Target, q: URLSearchParams, accept: AcceptInfo): Promise<void> {
    const timeout = q.get('timeoutSeconds') ? Number(q.get('timeoutSeconds')) : 1800 + Math.floor(Math.random() * 1800);
    const bookmarks = q.get('allowWatchBookmarks') === 'true';
    let headerSent = false;
    const contentType = accept.as === 'Table' ? 'application/json;as=Table;v=v1;g=meta.k8s.io' : 'application/json';
    const startStream = () => {
      if (headerSent) return;
      headerSent = true;
      res.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
      res.flushHeaders();
    };
    let lastRv = '';
    const send = (type: string, object: KObject) => {
      startStream();
      if (object.metadata?.resourceVersion) lastRv = object.metadata.resourceVersion;
      const obj = type === 'BOOKMARK' || type === 'ERROR' ? object : toView(object, t, accept, q, false);
      res.write(`${JSON.stringify({ type, object: obj })}\n`);
    };
    let stop: () => void = () => {};
    let deadline: NodeJS.Timeout | undefined;
    const w: Open = {
      bookmarks,
      bookmark: () => lastRv && send('BOOKMARK', { apiVersion: t.type.group ? `${t.type.group}/${t.type.version}` : t.type.version, kind: t.type.kind, metadata: { resourceVersion: lastRv } }),
      close: () => {
        this.open.delete(w);
        clearTimeout(deadline);
        stop();
        startStream();
        res.end();
      },
    };
    try {
      stop = await core.watch(
        ctx,
        t,
        {
          resourceVersion: q.get('resourceVersion') ?? undefined,
          labelSelector: q.get('labelSelector') ?? undefined,
          fieldSelector: q.get('fieldSelector') ?? undefined,
          allowWatchBookmarks: bookmarks,
          sendInitialEvents: q.has('sendInitialEvents') ? q.get('sendInitialEvents') === 'true' : undefined,
        },
        send,
      );
    } catch (e) {
      // Upstream answers an expired resourceVersion inside a 200 stream, as an ERROR event.
      if (e instanceof StatusError && e.code === 410) {
        send('ERROR', e.toStatus() as unknown as KObject);
        res.end();
        return;
      }
      throw e;
    }
    startStream();
    if (lastRv === '') lastRv = String(await core.store.revision());
    this.open.add(w);
    this.ticker ??= setInterval(this.tick, this.bookmarkEveryMs).unref();
    // The timeout belongs to the connection (it exists only while a client holds the watch open).
    deadline = setTimeout(() => this.open.has(w) && w.close(), timeout * 1000).unref();
    req.on('close', () => {
      if (this.open.has(w)) {
        this.open.delete(w);
        clearTimeout(deadline);
        stop();
      }
    });
  }

  closeAll(): void {
    for (const w of this.open) w.close();
  }
}
