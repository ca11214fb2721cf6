/**
 * The embedded SQLite backend. One file, WAL journal, `synchronous=FULL` by default: a write is on disk
 * before it is acknowledged, so a crash (kill -9 or power loss) loses nothing that was answered.
 * better-sqlite3 is synchronous; every public method still returns a Promise to share the Store interface
 * with the PostgreSQL backend. Because a write and its fanout happen in one tick, watch replay and live
 * delivery never leave a gap.
 */
import Database from 'better-sqlite3';
import type { KObject } from '../apiserver/types.ts';
import { Fanout } from './fanout.ts';
import {
  type ListOptions,
  type ListResult,
  type ObjectKey,
  type Store,
  StoreConflict,
  type StoreEvent,
  StoreGone,
  type WatchScope,
  type Watcher,
  type WriteOptions,
  type EventType,
  ownerUids,
} from './store.ts';

export interface SqliteStoreOptions {
  /** File path, or ':memory:' for tests. */
  path: string;
  /** How many events the watch log keeps (older resourceVersions get 410 Gone). */
  eventRetention?: number;
  /** 'FULL' (default, durable against power loss) or 'NORMAL' (durable against process crashes only). */
  synchronous?: 'FULL' | 'NORMAL';
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS objects (
  resource TEXT NOT NULL, cluster TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL,
  rv INTEGER NOT NULL, uid TEXT NOT NULL, value TEXT NOT NULL,
  PRIMARY KEY (resource, cluster, namespace, name)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS objects_by_cluster ON objects (cluster, namespace);
CREATE INDEX IF NOT EXISTS objects_by_uid ON objects (cluster, uid);
CREATE TABLE IF NOT EXISTS owners (
  cluster TEXT NOT NULL, owner_uid TEXT NOT NULL,
  resource TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL,
  PRIMARY KEY (cluster, owner_uid, resource, namespace, name)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS owners_by_object ON owners (cluster, resource, namespace, name);
CREATE TABLE IF NOT EXISTS events (
  rv INTEGER PRIMARY KEY, type TEXT NOT NULL,
  resource TEXT NOT NULL, cluster TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL) WITHOUT ROWID;
`;

interface Row {
  rv: number;
  value: string;
}

export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly fanout = new Fanout();
  private readonly retention: number;
  private rv: number;
  private writesSinceCompaction = 0;
  private readonly st;

  constructor(opts: SqliteStoreOptions) {
    this.db = new Database(opts.path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${opts.synchronous ?? 'FULL'}`);
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.retention = opts.eventRetention ?? 50_000;
    const db = this.db;
    this.st = {
      get: db.prepare<[string, string, string, string], Row>('SELECT rv, value FROM objects WHERE resource=? AND cluster=? AND namespace=? AND name=?'),
      insert: db.prepare('INSERT INTO objects (resource, cluster, namespace, name, rv, uid, value) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      update: db.prepare('UPDATE objects SET rv=?, value=? WHERE resource=? AND cluster=? AND namespace=? AND name=?'),
      remove: db.prepare('DELETE FROM objects WHERE resource=? AND cluster=? AND namespace=? AND name=?'),
      event: db.prepare('INSERT INTO events (rv, type, resource, cluster, namespace, name, value) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      setRv: db.prepare("INSERT INTO meta (k, v) VALUES ('rv', ?) ON CONFLICT(k) DO UPDATE SET v=excluded.v"),
      getRv: db.prepare<[], { v: string }>("SELECT v FROM meta WHERE k='rv'"),
      ownersDel: db.prepare('DELETE FROM owners WHERE cluster=? AND resource=? AND namespace=? AND name=?'),
      ownersAdd: db.prepare('INSERT OR IGNORE INTO owners (cluster, owner_uid, resource, namespace, name) VALUES (?, ?, ?, ?, ?)'),
      dependents: db.prepare<[string, string], { resource: string; namespace: string; name: string }>(
        'SELECT resource, namespace, name FROM owners WHERE cluster=? AND owner_uid=?',
      ),
      oldest: db.prepare<[], { rv: number | null }>('SELECT MIN(rv) AS rv FROM events'),
      compact: db.prepare('DELETE FROM events WHERE rv <= ?'),
      replay: db.prepare<[number, string], { rv: number; type: string; cluster: string; namespace: string; name: string; value: string }>(
        'SELECT rv, type, cluster, namespace, name, value FROM events WHERE rv > ? AND resource = ? ORDER BY rv',
      ),
      clusterRows: db.prepare<[string], { resource: string; namespace: string; name: string; value: string }>(
        'SELECT resource, namespace, name, value FROM objects WHERE cluster=?',
      ),
      uidExists: db.prepare<[string, string], { one: number }>('SELECT 1 AS one FROM objects WHERE cluster=? AND uid=? LIMIT 1'),
      nsKeys: db.prepare<[string, string], { resource: string; name: string }>('SELECT resource, name FROM objects WHERE cluster=? AND namespace=?'),
      dangling: db.prepare<[], { cluster: string; owner_uid: string }>(
        'SELECT DISTINCT o.cluster, o.owner_uid FROM owners o WHERE NOT EXISTS (SELECT 1 FROM objects x WHERE x.cluster = o.cluster AND x.uid = o.owner_uid)',
      ),
      clusterDel: db.prepare('DELETE FROM objects WHERE cluster=?'),
      clusterOwnersDel: db.prepare('DELETE FROM owners WHERE cluster=?'),
    };
    this.rv = Number(this.st.getRv.get()?.v ?? 0);
  }

  private nextRv(): number {
    this.rv += 1;
    this.st.setRv.run(String(this.rv));
    return this.rv;
  }

  private stamp(obj: KObject, rv: number): string {
    obj.metadata.resourceVersion = String(rv);
    return JSON.stringify(obj);
  }

  /** Keeps the owners index of `k` current; `before` is what was stored (nothing on create). */
  private indexOwners(k: ObjectKey, before: KObject | undefined, obj: KObject | undefined): void {
    const uids = obj ? ownerUids(obj) : [];
    const previous = before ? ownerUids(before) : [];
    if (uids.length === previous.length && uids.every((u, i) => u === previous[i])) return;
    if (previous.length) this.st.ownersDel.run(k.cluster, k.resource, k.namespace, k.name);
    for (const uid of uids) this.st.ownersAdd.run(k.cluster, uid, k.resource, k.namespace, k.name);
  }

  private logEvent(type: EventType, k: ObjectKey, rv: number, json: string): void {
    this.st.event.run(rv, type, k.resource, k.cluster, k.namespace, k.name, json);
    if (++this.writesSinceCompaction >= 1000) {
      this.writesSinceCompaction = 0;
      this.st.compact.run(rv - this.retention);
    }
  }

  async get(k: ObjectKey): Promise<KObject | undefined> {
    const row = this.st.get.get(k.resource, k.cluster, k.namespace, k.name);
    return row ? (JSON.parse(row.value) as KObject) : undefined;
  }

  async list(resource: string, opts: ListOptions = {}): Promise<ListResult> {
    const where = ['resource = ?'];
    const args: (string | number)[] = [resource];
    if (opts.cluster !== undefined) (where.push('cluster = ?'), args.push(opts.cluster));
    if (opts.namespace !== undefined) (where.push('namespace = ?'), args.push(opts.namespace));
    const base = where.join(' AND ');
    let cond = base;
    const condArgs = [...args];
    if (opts.after) {
      cond += ' AND (cluster, namespace, name) > (?, ?, ?)';
      condArgs.push(opts.after.cluster, opts.after.namespace, opts.after.name);
    }
    const limit = opts.limit && opts.limit > 0 ? opts.limit : -1;
    // One statement reads the page (a consistent snapshot); the count of what remains is a second read.
    const rows = this.prepared<{ cluster: string; namespace: string; name: string; value: string }>(
      `SELECT cluster, namespace, name, value FROM objects WHERE ${cond} ORDER BY cluster, namespace, name LIMIT ?`,
    ).all(...condArgs, limit);
    const rv = this.rv;
    let remaining: number | undefined;
    const last = rows[rows.length - 1];
    if (limit > 0 && rows.length === limit && last) {
      const r = this.prepared<{ n: number }>(`SELECT COUNT(*) AS n FROM objects WHERE ${base} AND (cluster, namespace, name) > (?, ?, ?)`).get(...args, last.cluster, last.namespace, last.name);
      remaining = r?.n ?? 0;
    }
    return { items: rows.map((r) => JSON.parse(r.value) as KObject), clusters: rows.map((r) => r.cluster), rv, remaining };
  }

  private readonly statements = new Map<string, Database.Statement>();

  /** Statements built from a handful of query shapes, prepared once. */
  private prepared<R>(sql: string): Database.Statement<(string | number)[], R> {
    let st = this.statements.get(sql);
    if (!st) this.statements.set(sql, (st = this.db.prepare(sql)));
    return st as Database.Statement<(string | number)[], R>;
  }

  async createMany(entries: Array<{ key: ObjectKey; obj: KObject }>): Promise<number> {
    const events: StoreEvent[] = [];
    const tx = this.db.transaction(() => {
      for (const { key: k, obj } of entries) {
        if (this.st.get.get(k.resource, k.cluster, k.namespace, k.name)) continue;
        const rv = this.nextRv();
        const json = this.stamp(obj, rv);
        this.st.insert.run(k.resource, k.cluster, k.namespace, k.name, rv, obj.metadata.uid ?? '', json);
        this.indexOwners(k, undefined, obj);
        this.logEvent('ADDED', k, rv, json);
        events.push({ type: 'ADDED', key: k, rv, object: obj });
      }
    });
    tx();
    for (const e of events) this.fanout.publish(e);
    return events.length;
  }

  async create(k: ObjectKey, obj: KObject): Promise<KObject> {
    const tx = this.db.transaction(() => {
      if (this.st.get.get(k.resource, k.cluster, k.namespace, k.name)) throw new StoreConflict('exists');
      const rv = this.nextRv();
      const json = this.stamp(obj, rv);
      this.st.insert.run(k.resource, k.cluster, k.namespace, k.name, rv, obj.metadata.uid ?? '', json);
      this.indexOwners(k, undefined, obj);
      this.logEvent('ADDED', k, rv, json);
      return rv;
    });
    const rv = tx();
    this.fanout.publish({ type: 'ADDED', key: k, rv, object: obj });
    return obj;
  }

  async update(k: ObjectKey, obj: KObject, opts: WriteOptions = {}): Promise<KObject> {
    let previous: KObject | undefined;
    const tx = this.db.transaction(() => {
      const row = this.st.get.get(k.resource, k.cluster, k.namespace, k.name);
      if (!row) throw new StoreConflict('missing');
      if (opts.expectRv !== undefined && row.rv !== opts.expectRv) throw new StoreConflict('rv', row.rv);
      previous = JSON.parse(row.value) as KObject;
      const rv = this.nextRv();
      const json = this.stamp(obj, rv);
      this.st.update.run(rv, json, k.resource, k.cluster, k.namespace, k.name);
      this.indexOwners(k, previous, obj);
      this.logEvent('MODIFIED', k, rv, json);
      return rv;
    });
    const rv = tx();
    this.fanout.publish({ type: 'MODIFIED', key: k, rv, object: obj, previous });
    return obj;
  }

  async delete(k: ObjectKey, opts: WriteOptions = {}): Promise<KObject> {
    const tx = this.db.transaction(() => {
      const row = this.st.get.get(k.resource, k.cluster, k.namespace, k.name);
      if (!row) throw new StoreConflict('missing');
      if (opts.expectRv !== undefined && row.rv !== opts.expectRv) throw new StoreConflict('rv', row.rv);
      const obj = JSON.parse(row.value) as KObject;
      const rv = this.nextRv();
      const json = this.stamp(obj, rv);
      this.st.remove.run(k.resource, k.cluster, k.namespace, k.name);
      this.indexOwners(k, obj, undefined);
      this.logEvent('DELETED', k, rv, json);
      return { obj, rv };
    });
    const { obj, rv } = tx();
    this.fanout.publish({ type: 'DELETED', key: k, rv, object: obj, previous: obj });
    return obj;
  }

  async deleteCluster(cluster: string): Promise<number> {
    const events: StoreEvent[] = [];
    const tx = this.db.transaction(() => {
      for (const row of this.st.clusterRows.all(cluster)) {
        const k = { resource: row.resource, cluster, namespace: row.namespace, name: row.name };
        const obj = JSON.parse(row.value) as KObject;
        const rv = this.nextRv();
        const json = this.stamp(obj, rv);
        this.logEvent('DELETED', k, rv, json);
        events.push({ type: 'DELETED', key: k, rv, object: obj, previous: obj });
      }
      this.st.clusterDel.run(cluster);
      this.st.clusterOwnersDel.run(cluster);
    });
    tx();
    for (const e of events) this.fanout.publish(e);
    return events.length;
  }

  async uidExists(cluster: string, uid: string): Promise<boolean> {
    return !!this.st.uidExists.get(cluster, uid);
  }

  async keysInNamespace(cluster: string, namespace: string): Promise<ObjectKey[]> {
    return this.st.nsKeys.all(cluster, namespace).map((r) => ({ resource: r.resource, cluster, namespace, name: r.name }));
  }

  async danglingOwners(): Promise<Array<{ cluster: string; uid: string }>> {
    return this.st.dangling.all().map((r) => ({ cluster: r.cluster, uid: r.owner_uid }));
  }

  onAnyEvent(fn: (e: StoreEvent) => void): () => void {
    return this.fanout.subscribeAll(fn);
  }

  async dependents(cluster: string, ownerUid: string): Promise<ObjectKey[]> {
    return this.st.dependents.all(cluster, ownerUid).map((r) => ({ ...r, cluster }));
  }

  async count(resource: string, cluster: string, namespace?: string): Promise<number> {
    const sql = `SELECT COUNT(*) AS n FROM objects WHERE resource=? AND cluster=?${namespace !== undefined ? ' AND namespace=?' : ''}`;
    const args = namespace !== undefined ? [resource, cluster, namespace] : [resource, cluster];
    return this.db.prepare<string[], { n: number }>(sql).get(...args)!.n;
  }

  async revision(): Promise<number> {
    return this.rv;
  }

  async oldestRevision(): Promise<number> {
    const r = this.st.oldest.get()?.rv;
    // With an empty log every revision up to now is resumable.
    return r == null ? this.rv : r - 1;
  }

  async watch(scope: WatchScope, fromRv: number, onEvent: (e: StoreEvent) => void): Promise<Watcher> {
    if (fromRv < this.rv) {
      const oldest = await this.oldestRevision();
      if (fromRv < oldest) throw new StoreGone(fromRv, oldest + 1);
    }
    // Subscribe and read the replay in the same tick: no write can fall between them.
    let buffer: StoreEvent[] | undefined = [];
    let closed = false;
    const unsubscribe = this.fanout.subscribe(scope, (e) => {
      if (closed || e.rv <= fromRv) return;
      if (buffer) buffer.push(e);
      else onEvent(e);
    });
    const replay: StoreEvent[] = [];
    if (fromRv < this.rv) {
      for (const r of this.st.replay.all(fromRv, scope.resource)) {
        if (scope.cluster !== undefined && r.cluster !== scope.cluster) continue;
        if (scope.namespace !== undefined && r.namespace !== scope.namespace) continue;
        const key = { resource: scope.resource, cluster: r.cluster, namespace: r.namespace, name: r.name };
        replay.push({ type: r.type as EventType, key, rv: r.rv, object: JSON.parse(r.value) as KObject });
      }
    }
    setImmediate(() => {
      if (closed) return;
      for (const e of replay) onEvent(e);
      const pending = buffer!;
      buffer = undefined;
      for (const e of pending) if (!closed) onEvent(e);
    });
    return {
      close: () => {
        closed = true;
        unsubscribe();
      },
    };
  }

  async close(): Promise<void> {
    this.db.close();
  }

  /** For metrics and tests: number of live watch subscriptions. */
  get watchCount(): number {
    return this.fanout.size;
  }
}

