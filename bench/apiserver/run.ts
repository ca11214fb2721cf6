/**
 * bench/apiserver: API server throughput and latency over HTTP and through the in-process client, the
 * bare node:http baseline, logical-cluster creation time and memory per idle cluster.
 * Usage: node --import tsx bench/apiserver/run.ts [--quick]. Prints a JSON summary and a Markdown table.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { closedLoop, openLoop, send, summarize, type LoadResult } from './load.ts';
import { Hub, ADMIN_USER } from '../../src/hub/hub.ts';
import { InProcessClient } from '../../src/client/index.ts';

const quick = process.argv.includes('--quick');
const ROOT = join(import.meta.dirname, '../..');
const CONC = 32;
const SECS = quick ? 2 : 5;

function startChild(args: string[], ready: RegExp): Promise<{ proc: ChildProcess; match: RegExpMatchArray }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const t = setTimeout(() => reject(new Error(`child did not start: ${out}`)), 30_000);
    proc.stdout!.on('data', (d) => {
      out += d;
      const m = out.match(ready);
      if (m) {
        clearTimeout(t);
        resolve({ proc, match: m });
      }
    });
  });
}

const rssKb = (pid: number) => Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)![1]);
const kb = 'x'.repeat(900); // with metadata, a ~1 KB object
const cm = (name: string) => JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels: { bench: 'yes' } }, data: { payload: kb } });

async function httpBench(base: string, token: string) {
  const ns = `${base}/clusters/root/api/v1/namespaces/default/configmaps`;
  const create = await closedLoop(CONC, 20_000, SECS, async (i) => (await send(ns, 'POST', token, cm(`c-${i}`))).status === 201);
  const get = await closedLoop(CONC, 200_000, SECS, async (i) => (await send(`${ns}/c-${i % 100}`, 'GET', token)).status === 200);
  // A list of 100 objects: a namespace of its own.
  await send(`${base}/clusters/root/api/v1/namespaces`, 'POST', token, JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'list100' } }));
  for (let i = 0; i < 100; i++) await send(`${base}/clusters/root/api/v1/namespaces/list100/configmaps`, 'POST', token, cm(`l-${i}`));
  const list = await closedLoop(CONC, 50_000, SECS, async () => (await send(`${base}/clusters/root/api/v1/namespaces/list100/configmaps`, 'GET', token)).status === 200);
  const paced = await openLoop(500, quick ? 1000 : 5000, async (i) => (await send(ns, 'POST', token, cm(`p-${i}`))).status === 201);
  return { create, get, list, paced };
}

/** Watch delivery: W watchers on one namespace, N writes; latency from write acknowledgement to each event. */
async function watchBench(base: string, token: string, watchers: number, writes: number) {
  const { request } = await import('node:http');
  const acked = new Map<string, number>();
  const lat: number[] = [];
  let delivered = 0;
  await send(`${base}/clusters/root/api/v1/namespaces`, 'POST', token, JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'watched' } }));
  const rv = JSON.parse((await send(`${base}/clusters/root/api/v1/namespaces/watched/configmaps`, 'GET', token)).body).metadata.resourceVersion;
  const reqs: any[] = [];
  await Promise.all(
    Array.from({ length: watchers }, () =>
      new Promise<void>((resolve) => {
        const req = request(`${base}/clusters/root/api/v1/namespaces/watched/configmaps?watch=true&resourceVersion=${rv}`, { headers: { Authorization: `Bearer ${token}` } }, (res) => {
          let buf = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => {
            buf += c;
            let i: number;
            while ((i = buf.indexOf('\n')) >= 0) {
              const line = buf.slice(0, i);
              buf = buf.slice(i + 1);
              const name = JSON.parse(line).object.metadata.name;
              const t0 = acked.get(name);
              if (t0 !== undefined) lat.push(performance.now() - t0);
              delivered++;
            }
          });
          resolve();
        });
        reqs.push(req);
        req.end();
      }),
    ),
  );
  const start = performance.now();
  for (let i = 0; i < writes; i++) {
    const name = `w-${i}`;
    const t0 = performance.now();
    acked.set(name, t0);
    await send(`${base}/clusters/root/api/v1/namespaces/watched/configmaps`, 'POST', token, cm(name));
  }
  const end = Date.now() + 10_000;
  while (delivered < watchers * writes && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
  const seconds = (performance.now() - start) / 1000;
  for (const r of reqs) r.destroy();
  const s = summarize(lat, watchers * writes - delivered, seconds);
  return { watchers, writes, delivered, eventsPerSecond: delivered / seconds, p50: s.p50, p99: s.p99 };
}

async function inProcessBench() {
  const dir = mkdtempSync(join(tmpdir(), 'marina-bench-ip-'));
  const hub = await Hub.start({ port: 0, dataDir: dir });
  const c = new InProcessClient(hub.core, ADMIN_USER).cluster('root');
  const obj = (name: string) => JSON.parse(cm(name));
  const create = await closedLoop(CONC, 20_000, SECS, async (i) => !!(await c.create({ ...obj(`c-${i}`), metadata: { ...obj(`c-${i}`).metadata, namespace: 'default' } })));
  const get = await closedLoop(CONC, 200_000, SECS, async (i) => !!(await c.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: `c-${i % 100}` })));
  await c.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'list100' } });
  for (let i = 0; i < 100; i++) await c.create({ ...obj(`l-${i}`), metadata: { ...obj(`l-${i}`).metadata, namespace: 'list100' } });
  const list = await closedLoop(CONC, 50_000, SECS, async () => (await c.list({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'list100' })).items.length === 100);
  await hub.stop();
  rmSync(dir, { recursive: true, force: true });
  return { create, get, list };
}

async function clusterBench(base: string, token: string, pid: number, count: number) {
  const before = rssKb(pid);
  const lat: number[] = [];
  const usable: number[] = [];
  for (let i = 0; i < count; i++) {
    const name = `t-${i}`;
    const t0 = performance.now();
    const r = await send(`${base}/clusters/root/apis/core.marina.io/v1alpha1/logicalclusters`, 'POST', token, JSON.stringify({ apiVersion: 'core.marina.io/v1alpha1', kind: 'LogicalCluster', metadata: { name } }));
    if (r.status !== 201) throw new Error(`cluster ${name}: ${r.status} ${r.body}`);
    lat.push(performance.now() - t0);
    // Usable: the first request in the new cluster succeeds (every 10th, with its kubeconfig's token,
    // fetched untimed: a client holds its kubeconfig before it talks to its cluster).
    if (i % 10 === 0) {
      const created = performance.now() - t0;
      const kc = JSON.parse((await send(`${base}/clusters/root/apis/core.marina.io/v1alpha1/logicalclusters/${name}/kubeconfig`, 'GET', token)).body).kubeconfig;
      const tok = parse(kc).users[0].user.token;
      const t1 = performance.now();
      const r2 = await send(`${base}/clusters/${name}/api/v1/namespaces/default`, 'GET', tok);
      if (r2.status !== 200) throw new Error(`cluster ${name} not usable: ${r2.status}`);
      usable.push(created + (performance.now() - t1));
    }
  }
  await new Promise((r) => setTimeout(r, 2000));
  const after = rssKb(pid);
  return { count, create: summarize(lat, 0, 1), createAndUse: summarize(usable, 0, 1), rssBeforeKb: before, rssAfterKb: after, bytesPerCluster: ((after - before) * 1024) / count };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'marina-bench-'));
  const hello = await startChild(['bench/apiserver/hello.ts'], /listening (\d+)/);
  const helloUrl = `http://127.0.0.1:${hello.match[1]}/`;
  const baseline = await closedLoop(CONC, 500_000, SECS, async () => (await send(helloUrl, 'GET', undefined)).status === 200);
  hello.proc.kill();

  const hub = await startChild(['src/cli/main.ts', 'up', '--port', '0', '--data-dir', dir, '--sync', 'FULL'], /serving on https:\/\/([\d.:]+)/);
  const base = `http://${hub.match[1]}`;
  await new Promise((r) => setTimeout(r, 500));
  const token = parse(readFileSync(join(dir, 'admin.kubeconfig'), 'utf8')).users[0].user.token;
  const http = await httpBench(base, token);
  const watch = await watchBench(base, token, quick ? 20 : 100, quick ? 100 : 500);
  const clusters = await clusterBench(base, token, hub.proc.pid!, quick ? 1000 : 10_000);
  hub.proc.kill();
  const inproc = await inProcessBench();
  rmSync(dir, { recursive: true, force: true });

  const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const result = { date: new Date().toISOString().slice(0, 10), machine, baseline, http, watch, inproc, clusters, getVsBaseline: http.get.rps / baseline.rps };
  console.log(JSON.stringify(result, null, 2));
  const row = (name: string, r: LoadResult) => `| ${name} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.errors} |`;
  console.log(
    [
      '',
      '| operation | req/s | p50 ms | p99 ms | errors |',
      '|---|---|---|---|---|',
      row('bare node:http GET (baseline)', baseline),
      row('HTTP create ConfigMap (1 KB)', http.create),
      row('HTTP get ConfigMap', http.get),
      row('HTTP list 100 ConfigMaps', http.list),
      row('HTTP create at 500/s (open loop)', http.paced),
      row('in-process create', inproc.create),
      row('in-process get', inproc.get),
      row('in-process list 100', inproc.list),
      '',
      `GET throughput vs bare node:http: ${(result.getVsBaseline * 100).toFixed(0)}%`,
      `watch: ${watch.watchers} watchers × ${watch.writes} writes, ${watch.delivered} events, ${watch.eventsPerSecond.toFixed(0)} events/s, delivery p50 ${watch.p50.toFixed(2)} ms p99 ${watch.p99.toFixed(2)} ms`,
      `logical clusters: ${clusters.count} created; create p50 ${clusters.create.p50.toFixed(2)} ms p99 ${clusters.create.p99.toFixed(2)} ms; create+first request p50 ${clusters.createAndUse.p50.toFixed(2)} ms p99 ${clusters.createAndUse.p99.toFixed(2)} ms`,
      `memory: RSS ${(clusters.rssBeforeKb / 1024).toFixed(0)} MiB → ${(clusters.rssAfterKb / 1024).toFixed(0)} MiB, ${(clusters.bytesPerCluster / 1024).toFixed(2)} KiB per idle logical cluster`,
    ].join('\n'),
  );
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
