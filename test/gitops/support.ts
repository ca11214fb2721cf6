/** Test helpers: real git repositories in a temp dir, bounded waits, and Application reads through kubectl. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { kubectl } from '../support/hub.ts';

export function gitRepo(dir: string): { url: string; write(files: Record<string, string | null>, message?: string): string } {
  mkdirSync(dir, { recursive: true });
  const g = (...args: string[]) => execFileSync('git', ['-C', dir, '-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { encoding: 'utf8' }).trim();
  g('init', '--quiet', '--initial-branch=main');
  return {
    url: `file://${dir}`,
    write(files, message = 'change') {
      for (const [p, content] of Object.entries(files)) {
        if (content === null) rmSync(join(dir, p), { force: true });
        else {
          mkdirSync(dirname(join(dir, p)), { recursive: true });
          writeFileSync(join(dir, p), content);
        }
      }
      g('add', '-A');
      g('commit', '--quiet', '--allow-empty', '-m', message);
      return g('rev-parse', 'HEAD');
    },
  };
}

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}

export async function getJson(bin: string, kc: string, args: string[]): Promise<any> {
  const r = await kubectl(bin, kc, ['get', ...args, '-o', 'json']);
  if (r.code !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

export function appYaml(name: string, repoURL: string, path: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name, namespace: 'argocd' },
    spec: { project: 'default', source: { repoURL, path, targetRevision: 'HEAD' }, destination: { server: 'https://kubernetes.default.svc', namespace: 'apps' }, ...extra },
  });
}

export const cm = (name: string, data: Record<string, string>, annotations: Record<string, string> = {}) =>
  JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, annotations }, data }) + '\n';
