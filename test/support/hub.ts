/**
 * Boots a real hub in-process on a free loopback port for a test file, with kubeconfigs written to a
 * temporary directory, and runs the real kubectl binaries against it.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hub, type HubOptions } from '../../src/hub/hub.ts';

const SDK_BIN = '/usr/lib/google-cloud-sdk/bin';

/** Path of a kubectl minor version (e.g. '1.27'), or undefined when it is not installed. */
export function kubectlPath(version?: string): string | undefined {
  const candidates = version ? [join(SDK_BIN, `kubectl.${version}`)] : [join(SDK_BIN, 'kubectl.1.33'), '/usr/bin/kubectl'];
  return candidates.find((p) => existsSync(p));
}

export interface TestHub {
  hub: Hub;
  dir: string;
  /** Creates a logical cluster and returns the path of an admin kubeconfig for it. */
  cluster(name: string): Promise<string>;
  kubeconfig(name: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startHub(opts: HubOptions = {}): Promise<TestHub> {
  const dir = mkdtempSync(join(tmpdir(), 'marina-test-'));
  // Tests serve their repositories from temporary directories: tenants may use file:// unless a test says not.
  const hub = await Hub.start({ port: 0, dataDir: join(dir, 'data'), synchronous: 'NORMAL', allowLocalRepos: true, ...opts });
  const kubeconfig = async (name: string) => {
    const p = join(dir, `${name}.kubeconfig`);
    writeFileSync(p, await hub.kubeconfig(name));
    return p;
  };
  return {
    hub,
    dir,
    kubeconfig,
    async cluster(name) {
      const root = await hub.adminToken('root');
      const res = await fetch(`${hub.url.replace('https:', 'http:')}/clusters/root/apis/core.marina.io/v1alpha1/logicalclusters`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${root}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ apiVersion: 'core.marina.io/v1alpha1', kind: 'LogicalCluster', metadata: { name } }),
      });
      if (res.status !== 201 && res.status !== 409) throw new Error(`creating cluster ${name}: ${res.status} ${await res.text()}`);
      return kubeconfig(name);
    },
    async stop() {
      await hub.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs kubectl with a kubeconfig; never throws on a non-zero exit (tests assert on it). */
export function kubectl(bin: string, kubeconfig: string, args: string[], opts: { input?: string; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = execFile(
      bin,
      ['--kubeconfig', kubeconfig, '--cache-dir', `${kubeconfig}.cache`, ...args],
      { timeout: opts.timeoutMs ?? 30_000, env: { ...process.env, ...opts.env } },
      (err, stdout, stderr) => resolve({ code: err ? ((err as any).code ?? 1) : 0, stdout, stderr }),
    );
    if (opts.input !== undefined) {
      child.stdin!.end(opts.input);
    }
  });
}

/**
 * kubectl as a test drives it, against the kubeconfig `kubeconfig()` returns unless another is given: `run`
 * (and `apply`, `getJson`) fail the test on a non-zero exit; `exists` asks whether `get` finds the object.
 */
export function kubectlAs(bin: string, kubeconfig: () => string) {
  const run = async (args: string[], input?: string, config = kubeconfig()): Promise<string> => {
    const r = await kubectl(bin, config, args, { input });
    assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  return {
    run,
    apply: (o: object, config = kubeconfig()) => run(['apply', '-f', '-'], JSON.stringify(o), config),
    getJson: async (args: string[], config = kubeconfig()) => JSON.parse(await run(['get', '-o', 'json', ...args], undefined, config)),
    exists: async (args: string[], config = kubeconfig()) => (await kubectl(bin, config, ['get', ...args])).code === 0,
  };
}

/** The condition of `type` in an object's status. */
export const condition = (o: any, type: string) => o?.status?.conditions?.find((c: any) => c.type === type);
