/**
 * A fixed-window limiter per key (the client address): `limit` attempts per `windowMs`. No timer: windows
 * expire when looked at, and the map is pruned when it grows, so an idle hub holds nothing.
 */
export interface RateLimit {
  limit: number;
  windowMs: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly opts: RateLimit, private readonly now: () => number = Date.now) {}

  /** Counts an attempt; undefined when allowed, else the seconds until the window reopens (Retry-After). */
  hit(key: string): number | undefined {
    const t = this.now();
    if (this.windows.size > 10_000) this.prune(t);
    let w = this.windows.get(key);
    if (!w || t - w.start >= this.opts.windowMs) {
      w = { start: t, count: 0 };
      this.windows.set(key, w);
    }
    if (w.count >= this.opts.limit) return Math.max(1, Math.ceil((w.start + this.opts.windowMs - t) / 1000));
    w.count++;
    return undefined;
  }

  private prune(t: number): void {
    for (const [k, w] of this.windows) if (t - w.start >= this.opts.windowMs) this.windows.delete(k);
  }
}
