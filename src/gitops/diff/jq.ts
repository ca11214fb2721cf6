/**
 * `ignoreDifferences.jqPathExpressions`: each expression E is run as `del(E)` by real jq (jq-web, WASM), as
 * Argo CD does with gojq. jq can loop forever (`repeat`, `range(1e12)`), and a WASM call cannot be interrupted
 * on the thread that runs it, so jq runs in one worker thread and the caller waits for it synchronously
 * (Atomics.wait) with a deadline; a late worker is terminated and replaced. This keeps diff() synchronous.
 */
import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';

/** Argo CD's default jq execution timeout. */
export const DEFAULT_JQ_TIMEOUT_MS = 1000;
// Starting the worker compiles jq's WASM (~100 ms); allow for a slow machine.
const STARTUP_MS = 10_000;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const ready = Promise.resolve(require(workerData.jqPath));
ready.then(() => {
  const started = new Int32Array(workerData.started);
  Atomics.store(started, 0, 1);
  Atomics.notify(started, 0);
});
parentPort.on('message', async ({ json, program, port, flag }) => {
  let reply;
  try {
    const jq = await ready;
    reply = { ok: true, out: jq.raw(json, program, ['-c']) };
  } catch (e) {
    reply = { ok: false, error: String((e && e.message) || e) };
  }
  port.postMessage(reply);
  port.close();
  const signal = new Int32Array(flag);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});`;

let worker: Worker | undefined;

/** The jq worker, started and waited for (so an expression's time limit never includes jq's startup). */
function getWorker(): Worker {
  if (!worker) {
    const jqPath = createRequire(import.meta.url).resolve('jq-web');
    const started = new SharedArrayBuffer(4);
    const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { jqPath, started } });
    // Never keep the process alive for jq alone.
    w.unref();
    w.on('error', () => {
      if (worker === w) worker = undefined;
    });
    if (Atomics.wait(new Int32Array(started), 0, 0, STARTUP_MS) === 'timed-out') {
      void w.terminate();
      throw new JqError(`jq did not start within ${STARTUP_MS}ms`, 'Failed');
    }
    worker = w;
  }
  return worker;
}

function reset(): void {
  void worker?.terminate();
  worker = undefined;
}

export class JqError extends Error {
  constructor(
    message: string,
    readonly reason: 'Timeout' | 'Failed',
  ) {
    super(message);
    this.name = 'JqError';
  }
}

/** Runs a jq program on a JSON value and returns its first output; throws JqError on failure or timeout. */
export function runJq(input: unknown, program: string, timeoutMs = DEFAULT_JQ_TIMEOUT_MS): unknown {
  const w = getWorker();
  const flag = new SharedArrayBuffer(4);
  const { port1, port2 } = new MessageChannel();
  w.postMessage({ json: JSON.stringify(input), program, port: port2, flag }, [port2]);
  const waited = Atomics.wait(new Int32Array(flag), 0, 0, timeoutMs);
  const reply = receiveMessageOnPort(port1)?.message as { ok: boolean; out?: string; error?: string } | undefined;
  port1.close();
  if (waited === 'timed-out' || !reply) {
    reset();
    throw new JqError(`JQ patch execution timed out (${timeoutMs}ms)`, 'Timeout');
  }
  if (!reply.ok) throw new JqError(cleanError(reply.error ?? 'jq failed'), 'Failed');
  const first = (reply.out ?? '').split('\n').find((l) => l.trim() !== '');
  if (first === undefined) throw new JqError('jq produced no output', 'Failed');
  return JSON.parse(first);
}

// jq-web prefixes errors with its exit code; keep jq's own words.
const cleanError = (e: string) => e.replace(/^Non-zero exit code: \d+\n/, '').replace(/\s+\n/g, '\n').trim();

/** Deletes every path an expression selects, as Argo CD's jq normalizer: `del(<expression>)`. */
export const jqDelete = (input: unknown, expression: string, timeoutMs?: number): unknown => runJq(input, `del(${expression})`, timeoutMs);
