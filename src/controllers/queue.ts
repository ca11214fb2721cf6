/**
 * A deduplicating work queue processed one item at a time, with retry after failure. Controllers are
 * level-based: an item is a key to reconcile, never a diff to apply.
 */
export class WorkQueue<T> {
  private readonly pending = new Map<string, T>();
  private running = false;
  private stopped = false;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly work: (item: T) => Promise<void>,
    private readonly keyOf: (item: T) => string,
    private readonly retryMs = 200,
  ) {}

  add(item: T): void {
    if (this.stopped) return;
    this.pending.set(this.keyOf(item), item);
    if (!this.running) void this.drain();
  }

  private async drain(): Promise<void> {
    this.running = true;
    while (this.pending.size > 0 && !this.stopped) {
      const [k, item] = this.pending.entries().next().value as [string, T];
      this.pending.delete(k);
      try {
        await this.work(item);
      } catch (e) {
        if (!this.stopped) setTimeout(() => this.add(item), this.retryMs).unref();
        if (process.env.MARINA_DEBUG) console.error('controller retry', k, e);
      }
    }
    this.running = false;
    for (const w of this.idleWaiters.splice(0)) w();
  }

  /** Resolves once the queue is empty (tests and graceful shutdown). */
  idle(): Promise<void> {
    return this.running || this.pending.size ? new Promise((r) => this.idleWaiters.push(r)) : Promise.resolve();
  }

  stop(): void {
    this.stopped = true;
    this.pending.clear();
  }
}
