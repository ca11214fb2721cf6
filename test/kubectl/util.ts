/**
 * Shared harness of the kubectl compatibility suite: one hub per test file, one logical cluster per kubectl
 * version, and small helpers that run the real binary and assert on what it printed.
 */
import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { kubectl, kubectlPath, startHub, type RunResult, type TestHub } from '../support/hub.ts';
import { api, httpBase, type ApiResponse } from '../support/api.ts';

/** The kubectl minor versions issue 2 requires, newest first. */
export const VERSIONS = ['1.33', '1.27'] as const;

export interface Kubectl {
  version: string;
  /** A suffix unique to this version ('133'), for resource names. */
  tag: string;
  kubeconfig: string;
  dir: string;
  /** Runs kubectl; never throws. */
  run(args: string[], opts?: RunOpts): Promise<RunResult>;
  /** Runs kubectl and asserts exit code 0; returns stdout. */
  ok(args: string[], opts?: RunOpts): Promise<string>;
  /** Runs kubectl and asserts a non-zero exit code; returns the result. */
  fails(args: string[], opts?: RunOpts): Promise<RunResult>;
  /** `kubectl get ... -o json`, parsed. */
  json(args: string[]): Promise<any>;
  /** Raw HTTP request to this logical cluster as its admin (`path` after `/clusters/NAME`). */
  api(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse>;
  /**
   * Creates fixture objects through the raw API rather than kubectl, so that a test fails on the
   * command it exercises, not on its setup.
   */
  seed(...objs: any[]): Promise<void>;
  /** Raw read-modify-write (GET then PUT) of one object, for changes a test makes but does not exercise. */
  update(path: string, mutate: (obj: any) => void): Promise<any>;
  /** Starts a long-running kubectl (e.g. `get -w`) whose output can be awaited line by line. */
  stream(args: string[], opts?: { env?: Record<string, string> }): Stream;
}

export interface RunOpts {
  input?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}

export interface Stream {
  /** Resolves once stdout (or stderr) matches `re`; rejects after `timeoutMs` with what was seen. */
  waitFor(re: RegExp, timeoutMs?: number, on?: 'stdout' | 'stderr'): Promise<string>;
  /** Ends the process (SIGTERM) and resolves with its result. */
  stop(): Promise<RunResult>;
  /** Resolves when the process exits on its own, or kills it after `timeoutMs`. */
  done(timeoutMs?: number): Promise<RunResult>;
}

/** Formats a result for assertion messages. */
export function show(args: string[], r: RunResult): string {
  return `kubectl ${args.join(' ')} → exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;
}

/** URL path segments of the kinds the suite seeds: [group-version prefix, plural, namespaced]. */
const KINDS: Record<string, [string, string, boolean]> = {
  Namespace: ['/api/v1', 'namespaces', false],
  ConfigMap: ['/api/v1', 'configmaps', true],
  Secret: ['/api/v1', 'secrets', true],
  ServiceAccount: ['/api/v1', 'serviceaccounts', true],
  Deployment: ['/apis/apps/v1', 'deployments', true],
  ReplicaSet: ['/apis/apps/v1', 'replicasets', true],
  Role: ['/apis/rbac.authorization.k8s.io/v1', 'roles', true],
  RoleBinding: ['/apis/rbac.authorization.k8s.io/v1', 'rolebindings', true],
  CustomResourceDefinition: ['/apis/apiextensions.k8s.io/v1', 'customresourcedefinitions', false],
};

/** The collection path of an object of a seeded kind. */
export function collectionPath(obj: any): string {
  const kind = KINDS[obj.kind];
  if (!kind) throw new Error(`seed: unknown kind ${obj.kind}`);
  const [prefix, plural, namespaced] = kind;
  return namespaced ? `${prefix}/namespaces/${obj.metadata.namespace ?? 'default'}/${plural}` : `${prefix}/${plural}`;
}

function makeKubectl(bin: string, version: string, kubeconfig: string, dir: string, base: string, token: string): Kubectl {
  const tag = version.replace('.', '');
  const run = (args: string[], opts?: RunOpts) => kubectl(bin, kubeconfig, args, opts);
  const raw = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => api(base, method, path, token, body, headers);
  return {
    version,
    tag,
    kubeconfig,
    dir,
    run,
    api: raw,
    async update(path, mutate) {
      const cur = await raw('GET', path);
      assert.equal(cur.status, 200, `GET ${path}: ${JSON.stringify(cur.body)}`);
      mutate(cur.body);
      const put = await raw('PUT', path, cur.body);
      assert.equal(put.status, 200, `PUT ${path}: ${JSON.stringify(put.body)}`);
      return put.body;
    },
    async seed(...objs) {
      for (const obj of objs) {
        const r = await raw('POST', collectionPath(obj), obj);
        assert.ok(r.status === 201 || r.status === 200, `seeding ${obj.kind} ${obj.metadata.name}: ${r.status} ${JSON.stringify(r.body)}`);
      }
    },
    async ok(args, opts) {
      const r = await run(args, opts);
      assert.equal(r.code, 0, show(args, r));
      return r.stdout;
    },
    async fails(args, opts) {
      const r = await run(args, opts);
      assert.notEqual(r.code, 0, show(args, r));
      return r;
    },
    async json(args) {
      const full = [...args, '-o', 'json'];
      const r = await run(full);
      assert.equal(r.code, 0, show(full, r));
      return JSON.parse(r.stdout);
    },
    stream(args, opts = {}) {
      const child = spawn(bin, ['--kubeconfig', kubeconfig, '--cache-dir', `${kubeconfig}.cache`, ...args], { env: { ...process.env, ...opts.env } });
      let stdout = '';
      let stderr = '';
      const waiters: Array<() => void> = [];
      child.stdout.on('data', (d) => {
        stdout += d;
        waiters.forEach((w) => w());
      });
      child.stderr.on('data', (d) => {
        stderr += d;
        waiters.forEach((w) => w());
      });
      const exited = new Promise<RunResult>((resolve) => child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr })));
      return {
        waitFor(re, timeoutMs = 10_000, on = 'stdout') {
          return new Promise((resolve, reject) => {
            const check = () => {
              const text = on === 'stdout' ? stdout : stderr;
              if (re.test(text)) {
                clearTimeout(timer);
                resolve(text);
              }
            };
            const timer = setTimeout(() => reject(new Error(`kubectl ${args.join(' ')}: ${re} not seen in ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`)), timeoutMs);
            waiters.push(check);
            check();
          });
        },
        async stop() {
          if (child.exitCode === null) child.kill('SIGTERM');
          return exited;
        },
        async done(timeoutMs = 15_000) {
          const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
          const r = await exited;
          clearTimeout(timer);
          return r;
        },
      };
    },
  };
}

/**
 * Declares the suite of one area: a hub started once for the file, then for each kubectl version a
 * describe block with its own logical cluster (`<area>-<tag>`), skipped when that binary is missing.
 */
export function kubectlSuite(area: string, body: (k: () => Kubectl) => void): void {
  describe(`kubectl ${area}`, () => {
    let t: TestHub;
    before(async () => {
      t = await startHub();
    });
    after(() => t?.stop());
    for (const version of VERSIONS) {
      const bin = kubectlPath(version);
      describe(`kubectl ${version}`, { skip: bin ? false : `kubectl ${version} is not installed` }, () => {
        let k: Kubectl;
        before(async () => {
          const name = `${area}-${version.replace('.', '')}`;
          const kubeconfig = await t.cluster(name);
          k = makeKubectl(bin!, version, kubeconfig, t.dir, `${httpBase(t.hub.url)}/clusters/${name}`, await t.hub.adminToken(name));
        });
        body(() => k);
      });
    }
  });
}

/** Writes an executable editor script for `KUBE_EDITOR` that rewrites the edited file with `transform`. */
export function editorScript(dir: string, name: string, transform: string): string {
  const p = join(dir, `${name}.editor.mjs`);
  writeFileSync(
    p,
    `#!/usr/bin/env node
import { readFileSync, writeFileSync } from 'node:fs';
const file = process.argv[process.argv.length - 1];
const text = readFileSync(file, 'utf8');
writeFileSync(file, (${transform})(text));
`,
  );
  chmodSync(p, 0o755);
  return p;
}

/** Matches kubectl's `-v=6` log line of a watch request (1.27 and 1.33 log formats). */
export const WATCH_REQUEST = /GET.*[?&]watch=true/;

/** Polls `probe` until it returns true, failing with `what` after `timeoutMs`. */
export async function eventually(what: string, probe: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** Splits a kubectl table into header columns and rows of cells (cells split on 2+ spaces). */
export function table(text: string): { header: string[]; rows: string[][] } {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const split = (l: string) => l.trim().split(/\s{2,}/);
  return { header: split(lines[0] ?? ''), rows: lines.slice(1).map(split) };
}

/** A YAML manifest (documents separated by `---`) for `-f -`. */
export function manifest(...objs: object[]): string {
  return objs.map((o) => YAML.stringify(o)).join('---\n');
}
