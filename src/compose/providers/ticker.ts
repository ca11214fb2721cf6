/**
 * One shared poll for everything no store event can announce (objects in clusters outside this hub) and
 * for managed resources waiting out an error: a single timer for all of them, running only while
 * something is registered. Never a timer per object or per tenant.
 */
export class Ticker {
  private readonly items = new Map<string, () => void>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly ms: number) {}

  /** Registers `fn` under `key` (replacing it), or with `undefined` removes it. */
  set(key: string, fn: (() => void) | undefined): void {
    if (fn) this.items.set(key, fn);
    else this.items.delete(key);
    if (this.items.size > 0 && !this.timer) {
      this.timer = setInterval(() => {
        for (const f of [...this.items.values()]) f();
      }, this.ms);
      this.timer.unref();
    } else if (this.items.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  get size(): number {
    return this.items.size;
  }

  stop(): void {
    this.items.clear();
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
