/** A small closed-loop HTTP load generator: N concurrent keep-alive workers, bounded by count and time. */
import { Agent, request } from 'node:http';

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
}

export const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN);

export function summarize(latencies: number[], errors: number, seconds: number): LoadResult {
  const s = [...latencies].sort((a, b) => a - b);
  return { requests: s.length, errors, seconds, rps: s.length / seconds, p50: percentile(s, 50), p99: percentile(s, 99) };
}

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

export function send(url: string, method: string, token: string | undefined, body?: string, contentType = 'application/json'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent, headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body ? { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) } : {}) } }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (data += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Runs `op(i)` from `concurrency` workers until `maxCount` ops or `maxSeconds` pass. */
export async function closedLoop(concurrency: number, maxCount: number, maxSeconds: number, op: (i: number) => Promise<boolean>): Promise<LoadResult> {
  const lat: number[] = [];
  let errors = 0;
  let next = 0;
  const start = performance.now();
  const deadline = start + maxSeconds * 1000;
  const worker = async () => {
    while (next < maxCount && performance.now() < deadline) {
      const i = next++;
      const t0 = performance.now();
      const ok = await op(i).catch(() => false);
      if (ok) lat.push(performance.now() - t0);
      else errors++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return summarize(lat, errors, (performance.now() - start) / 1000);
}

/** Open loop at a fixed rate (for latency under a given load), bounded by count. */
export async function openLoop(ratePerSecond: number, count: number, op: (i: number) => Promise<boolean>): Promise<LoadResult> {
  const lat: number[] = [];
  let errors = 0;
  const start = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const due = start + (i * 1000) / ratePerSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const t0 = performance.now();
    pending.push(
      op(i)
        .then((ok) => (ok ? void lat.push(performance.now() - t0) : void errors++))
        .catch(() => void errors++),
    );
  }
  await Promise.all(pending);
  return summarize(lat, errors, (performance.now() - start) / 1000);
}
