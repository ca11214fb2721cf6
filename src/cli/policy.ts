/**
 * `marina policy test DIR` (Kyverno's `kyverno test` format, offline) and `marina policy apply POLICY -r
 * RESOURCE` (what admission would do to a resource), both running the same engine as the hub.
 */
import type { Command } from 'commander';
import { readFileSync, statSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { evaluatePolicies, runKyvernoTest } from '../policy/index.ts';
import type { KObject } from '../apiserver/types.ts';

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => `│ ${r.map((c, i) => c.padEnd(widths[i]!)).join(' │ ')} │`;
  const sep = `│${widths.map((w) => '─'.repeat(w + 2)).join('│')}│`;
  return [sep, line(rows[0]!), sep, ...rows.slice(1).map(line), sep].join('\n');
}

function readObjects(path: string): KObject[] {
  const files = statSync(path).isDirectory() ? readdirSync(path).filter((f) => /\.ya?ml$|\.json$/.test(f)).map((f) => join(path, f)) : [path];
  return files.flatMap((f) => parseAllDocuments(readFileSync(f, 'utf8')).map((d) => d.toJS() as KObject).filter((o) => o && o.kind));
}

export function registerPolicyCommands(program: Command): void {
  const policy = program.command('policy').description('test and apply Kyverno-compatible policies offline');

  policy
    .command('test <dir>')
    .description('run kyverno-test.yaml files (Kyverno CLI test format) under DIR; exits non-zero on failure')
    .option('--file-name <name>', 'test file name to look for', 'kyverno-test.yaml')
    .option('--detailed-results', 'print the engine message for every row')
    .action(async (dir: string, o: { fileName: string; detailedResults?: boolean }) => {
      const r = await runKyvernoTest(dir, o.fileName);
      for (const t of r.tests) {
        console.log(`Loading test ( ${relative(process.cwd(), t.file)} ) ...`);
        if (t.error) console.log(`  Error: ${t.error}`);
      }
      const rows = [['ID', 'POLICY', 'RULE', 'RESOURCE', 'RESULT', 'REASON']];
      r.results.forEach((x, i) => rows.push([String(i + 1), x.policy, x.rule, x.resource, x.pass ? 'Pass' : 'Fail', x.pass && !o.detailedResults ? 'Ok' : `want ${x.expected}, got ${x.actual}${x.reason ? `: ${x.reason}` : ''}`]));
      console.log('');
      console.log(table(rows));
      const total = r.passed + r.failed;
      const errors = r.tests.filter((t) => t.error).length;
      console.log(`\nTest Summary: ${r.passed} tests passed and ${r.failed} tests failed (pass rate ${total ? ((100 * r.passed) / total).toFixed(1) : '0.0'}%)${errors ? `; ${errors} test files could not be loaded` : ''}`);
      if (r.failed > 0 || errors > 0 || total === 0) process.exitCode = 1;
    });

  policy
    .command('apply <policy>')
    .description('show what admission would admit, mutate or deny')
    .requiredOption('-r, --resource <path>', 'resource file or folder')
    .option('--operation <op>', 'CREATE, UPDATE or DELETE', 'CREATE')
    .option('-o, --output <format>', 'print mutated resources as yaml')
    .action(async (policyPath: string, o: { resource: string; operation: string; output?: string }) => {
      const policies = readObjects(policyPath).filter((p) => p.kind === 'ClusterPolicy' || p.kind === 'Policy');
      const resources = readObjects(o.resource);
      console.log(`Applying ${policies.length} policy rule(s) to ${resources.length} resource(s)...\n`);
      const counts = { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 };
      let denied = 0;
      for (const res of resources) {
        const [group, version] = res.apiVersion.includes('/') ? res.apiVersion.split('/') : ['', res.apiVersion];
        const r = await evaluatePolicies(policies as never, {
          operation: o.operation as 'CREATE',
          kind: { group: group!, version: version!, kind: res.kind },
          name: res.metadata?.name,
          namespace: res.metadata?.namespace,
          userInfo: { username: 'marina-cli', groups: ['system:authenticated'] },
          object: o.operation === 'DELETE' ? null : (res as never),
          oldObject: o.operation === 'DELETE' ? (res as never) : null,
        });
        for (const p of r.responses) for (const rule of p.rules) counts[rule.status as keyof typeof counts]++;
        const id = `${res.kind}/${res.metadata?.namespace ? res.metadata.namespace + '/' : ''}${res.metadata?.name}`;
        if (!r.allowed) {
          denied++;
          console.log(`${id}: denied\n${r.message}\n`);
        } else if (r.patch.length > 0) {
          console.log(`${id}: mutated (${r.patch.length} patch operation(s)) and admitted`);
          if (o.output === 'yaml') console.log(stringify(r.mutatedObject));
        } else console.log(`${id}: admitted`);
        for (const w of r.warnings) console.log(`  warning: ${w}`);
      }
      console.log(`\npass: ${counts.pass}, fail: ${counts.fail}, warn: ${counts.warn}, error: ${counts.error}, skip: ${counts.skip}`);
      if (denied > 0) process.exitCode = 1;
    });
}
