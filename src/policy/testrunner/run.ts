/**
 * The core of `marina policy test`: runs `kyverno-test.yaml` files in Kyverno's CLI test format
 * (cli.kyverno.io/v1alpha1 Test and the older unversioned form) and returns one row per expected
 * result. Printing and exit codes are the CLI's business.
 */
import { isDeepStrictEqual } from 'node:util';
import { evaluatePolicies, type AdmissionResult, type KyvernoPolicy } from '../engine.ts';
import type { AdmissionRequest, ContextLoader, JsonObject, RuleStatus } from '../types.ts';
import { baseDir, findTestFiles, readAll, readDocuments } from './load.ts';
import { namespaceLabels, userFrom, valuesFor, type UserInfoSpec, type ValuesSpec } from './values.ts';

export interface KyvernoTestRow {
  test: string;
  policy: string;
  rule: string;
  resource: string;
  kind: string;
  expected: RuleStatus;
  actual: RuleStatus | 'not found';
  pass: boolean;
  /** The engine's message for the rule, or why the row could not be checked. */
  reason: string;
}

export interface KyvernoTestResult {
  /** One entry per test file run. */
  tests: { name: string; file: string; error?: string }[];
  results: KyvernoTestRow[];
  passed: number;
  failed: number;
}

interface ExpectedResult {
  policy: string;
  rule?: string;
  resource?: string;
  resources?: string[];
  kind?: string;
  namespace?: string;
  result?: RuleStatus;
  status?: RuleStatus;
  patchedResource?: string;
  generatedResource?: string;
  cloneSourceResource?: string;
}

interface TestFile {
  name?: string;
  metadata?: { name?: string };
  policies?: string[];
  resources?: string[];
  variables?: string;
  userinfo?: string;
  values?: ValuesSpec;
  results?: ExpectedResult[];
}

const metaOf = (o: JsonObject) => (o.metadata ?? {}) as JsonObject;
const nameOf = (o: JsonObject) => String(metaOf(o).name ?? '');
const nsOf = (o: JsonObject) => String(metaOf(o).namespace ?? '');

function policyMatches(p: KyvernoPolicy, ref: string, ns?: string): boolean {
  const [refNs, refName] = ref.includes('/') ? ref.split('/', 2) : [ns, ref];
  return p.metadata.name === refName && (refNs === undefined || refNs === '' || (p.metadata.namespace ?? '') === refNs);
}

function resourceMatches(r: JsonObject, ref: string, kind?: string): boolean {
  if (kind && r.kind !== kind) return false;
  const [ns, name] = ref.includes('/') ? ref.split('/', 2) : [undefined, ref];
  return nameOf(r) === name && (ns === undefined || nsOf(r) === ns || (nsOf(r) === '' && ns === 'default'));
}

/** True when every field of `expected` is present with the same value in `actual`. */
function isSubset(expected: unknown, actual: unknown): boolean {
  if (Array.isArray(expected)) return Array.isArray(actual) && expected.length === actual.length && expected.every((e, i) => isSubset(e, actual[i]));
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
    return Object.entries(expected).every(([k, v]) => isSubset(v, (actual as JsonObject)[k]));
  }
  return isDeepStrictEqual(expected, actual);
}

async function optionalDocs(base: string, file: string | undefined): Promise<JsonObject[]> {
  return file ? readAll(base, [file]) : [];
}

async function runOne(file: string): Promise<{ name: string; rows: KyvernoTestRow[] }> {
  const base = baseDir(file);
  const spec = (await readDocuments(file))[0] as TestFile;
  const name = spec.metadata?.name ?? spec.name ?? file;
  const policies = (await readAll(base, spec.policies ?? [])).filter((p) => p.kind === 'ClusterPolicy' || p.kind === 'Policy') as KyvernoPolicy[];
  const resources = await readAll(base, spec.resources ?? []);
  const values = (spec.variables ? ((await readDocuments(`${base}/${spec.variables}`))[0] as ValuesSpec) : undefined) ?? spec.values;
  const userSpec = spec.userinfo ? ((await readDocuments(`${base}/${spec.userinfo}`))[0] as UserInfoSpec) : undefined;
  const { userInfo, roles } = userFrom(userSpec);
  const cache = new Map<string, AdmissionResult>();

  const evaluate = async (policy: KyvernoPolicy, resource: JsonObject, cloneSources: JsonObject[]): Promise<AdmissionResult> => {
    const key = `${policy.metadata.namespace ?? ''}/${policy.metadata.name}|${String(resource.kind)}|${nsOf(resource)}/${nameOf(resource)}|${cloneSources.length}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const vals = valuesFor(values, policy.metadata.name, nameOf(resource));
    const operation = String(vals['request.operation'] ?? 'CREATE').toUpperCase() as AdmissionRequest['operation'];
    const loader: ContextLoader = {
      getResource: async (ref) => cloneSources.find((s) => s.kind === ref.kind && nameOf(s) === ref.name && (!ref.namespace || nsOf(s) === ref.namespace)),
      listResources: async (ref) => cloneSources.filter((s) => s.kind === ref.kind && (!ref.namespace || nsOf(s) === ref.namespace)),
    };
    const request: AdmissionRequest = {
      operation,
      ...(operation === 'DELETE' ? { oldObject: resource } : { object: resource }),
      ...(nsOf(resource) ? { namespace: nsOf(resource) } : {}),
      name: nameOf(resource),
      userInfo,
    };
    const result = await evaluatePolicies([policy], request, { values: vals, namespaceLabels: namespaceLabels(values), userRoles: roles, loader });
    cache.set(key, result);
    return result;
  };

  const rows: KyvernoTestRow[] = [];
  for (const expected of spec.results ?? []) {
    const want = (expected.result ?? expected.status ?? 'pass') as RuleStatus;
    const refs = expected.resources?.length ? expected.resources : expected.resource ? [expected.resource] : [];
    const policy = policies.find((p) => policyMatches(p, expected.policy, expected.namespace));
    const cloneSources = await optionalDocs(base, expected.cloneSourceResource);
    for (const ref of refs) {
      const row: KyvernoTestRow = { test: name, policy: expected.policy, rule: expected.rule ?? '', resource: ref, kind: expected.kind ?? '', expected: want, actual: 'not found', pass: false, reason: '' };
      rows.push(row);
      const resource = resources.find((r) => resourceMatches(r, ref, expected.kind));
      if (!policy || !resource) {
        row.reason = !policy ? `policy ${expected.policy} not found` : `resource ${ref} not found`;
        continue;
      }
      const result = await evaluate(policy, resource, cloneSources);
      const rule = result.responses.flatMap((p) => p.rules).find((r) => r.name === expected.rule);
      if (!rule) {
        // the rule did not apply to this resource (not matched or excluded): Kyverno reports skip
        row.actual = 'skip';
        row.reason = 'rule not applied (no match, or excluded)';
      } else {
        row.actual = rule.status;
        row.reason = rule.message;
      }
      if (row.actual === 'pass' && expected.patchedResource) {
        const patched = (await readAll(base, [expected.patchedResource])).find((r) => r.kind === resource.kind && nameOf(r) === nameOf(resource));
        if (!patched || !isDeepStrictEqual(JSON.parse(JSON.stringify(patched)), result.mutatedObject)) {
          row.actual = 'fail';
          row.reason = 'patched resource does not match the expected patchedResource';
        }
      }
      if (row.actual === 'pass' && expected.generatedResource) {
        const want = (await readAll(base, [expected.generatedResource]))[0];
        const got = result.generated.find((g) => g.kind === want?.kind && g.name === nameOf(want ?? {}));
        if (!want || !got || !isSubset(want, got.object)) {
          row.actual = 'fail';
          row.reason = 'generated resource does not match the expected generatedResource';
        }
      }
      row.pass = row.actual === row.expected;
    }
  }
  return { name, rows };
}

/** Runs every kyverno-test.yaml under `dir` (or the file itself) and returns the result rows. */
export async function runKyvernoTest(dir: string, fileName = 'kyverno-test.yaml'): Promise<KyvernoTestResult> {
  const out: KyvernoTestResult = { tests: [], results: [], passed: 0, failed: 0 };
  for (const file of await findTestFiles(dir, fileName)) {
    try {
      const { name, rows } = await runOne(file);
      out.tests.push({ name, file });
      out.results.push(...rows);
    } catch (e) {
      out.tests.push({ name: file, file, error: (e as Error).message });
    }
  }
  out.passed = out.results.filter((r) => r.pass).length;
  out.failed = out.results.length - out.passed;
  return out;
}
