/**
 * The shape every in-process controller shares: store events in, a deduplicating work queue, a level-based
 * reconcile out. Subclasses say which events matter (`observe`), what to catch up on at start (`resync`)
 * and how to reconcile one item.
 */
import type { Store, StoreEvent } from '../storage/store.ts';
import { WorkQueue } from './queue.ts';

export abstract class StoreController<T> {
  protected readonly queue: WorkQueue<T>;
  private unsubscribe: () => void = () => {};

  constructor(
    protected readonly store: Store,
    keyOf: (item: T) => string,
    retryMs?: number,
  ) {
    this.queue = new WorkQueue((i) => this.reconcile(i), keyOf, retryMs);
  }

  protected abstract observe(e: StoreEvent): void;
  protected abstract reconcile(item: T): Promise<void>;
  /** Work left over from before a restart. */
  protected async resync(): Promise<void> {}

  async start(): Promise<void> {
    this.unsubscribe = this.store.onAnyEvent((e) => this.observe(e));
    await this.resync();
  }

  stop(): void {
    this.unsubscribe();
    this.queue.stop();
  }

  idle(): Promise<void> {
    return this.queue.idle();
  }
}
