/**
 * Delayed adds to the work queue (client-go's AddAfter) with one timer for the whole controller, armed for the
 * earliest due key: retries with backoff wait here, never on a timer of their own.
 */
export class DelayingQueue {
  private readonly due = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private armedFor = Infinity;

  constructor(private readonly fire: (key: string) => void) {}

  /** Adds `key` once `at` (epoch ms) has passed; an earlier due time for the same key wins. */
  addAt(key: string, at: number): void {
    const prev = this.due.get(key);
    if (prev !== undefined && prev <= at) return;
    this.due.set(key, at);
    if (at < this.armedFor) this.arm(at);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.due.clear();
  }

  private arm(at: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.armedFor = at;
    this.timer = setTimeout(() => this.flush(), Math.max(0, at - Date.now()));
    this.timer.unref();
  }

  private flush(): void {
    this.timer = undefined;
    this.armedFor = Infinity;
    const now = Date.now();
    let next = Infinity;
    for (const [k, at] of this.due) {
      if (at <= now) {
        this.due.delete(k);
        this.fire(k);
      } else next = Math.min(next, at);
    }
    if (next < Infinity) this.arm(next);
  }
}
