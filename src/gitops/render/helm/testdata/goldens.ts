/**
 * Regenerates golden/*.yaml with a real Helm: `HELM=/path/to/helm node --import tsx src/gitops/render/helm/testdata/goldens.ts`.
 * Each case of cases.yaml becomes one `helm template` run (flags as Argo CD passes them).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export interface GoldenCase {
  name: string;
  chart: string;
  release: string;
  namespace: string;
  kubeVersion: string;
  apiVersions?: string[];
  valueFiles?: string[];
  values?: string;
  set?: string[];
  setString?: string[];
  skipCrds?: boolean;
  skipTests?: boolean;
}

export const testdata = (p: string) => fileURLToPath(new URL(p, import.meta.url));
export const goldenCases = () => parse(readFileSync(testdata('cases.yaml'), 'utf8')) as GoldenCase[];

export function helmArgs(c: GoldenCase): string[] {
  const args = ['template', c.release, testdata(`charts/${c.chart}`), '--namespace', c.namespace, '--kube-version', c.kubeVersion];
  for (const a of c.apiVersions ?? []) args.push('--api-versions', a);
  if (!c.skipCrds) args.push('--include-crds');
  if (c.skipTests) args.push('--skip-tests');
  for (const f of c.valueFiles ?? []) args.push('--values', testdata(`charts/${c.chart}/${f}`));
  if (c.values) {
    const tmp = testdata(`../../../../../.golden-values-${c.name}.yaml`);
    writeFileSync(tmp, c.values);
    args.push('--values', tmp);
  }
  for (const s of c.set ?? []) args.push('--set', s);
  for (const s of c.setString ?? []) args.push('--set-string', s);
  return args;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const helm = process.env.HELM ?? 'helm';
  mkdirSync(testdata('golden'), { recursive: true });
  for (const c of goldenCases()) {
    const out = execFileSync(helm, helmArgs(c), { encoding: 'utf8' });
    writeFileSync(testdata(`golden/${c.name}.yaml`), out);
    console.log(`golden/${c.name}.yaml`);
  }
  console.log(execFileSync(helm, ['version', '--short'], { encoding: 'utf8' }).trim());
}
