import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluatePolicies, scanResource, type KyvernoPolicy } from './engine.ts';
import { loadCases } from './testdata/fixtures.ts';
import type { AdmissionRequest, ContextLoader, GeneratedResource, JsonObject, PatchOperation } from './types.ts';

interface Case {
  name: string;
  policies: KyvernoPolicy[];
  request: AdmissionRequest;
  configMaps?: Record<string, JsonObject>;
  apiCalls?: Record<string, unknown>;
  want: {
    allowed: boolean;
    message?: string;
    warnings?: string[];
    patch?: PatchOperation[];
    rules: { policy: string; rule: string; status: string; message?: string }[];
    generated?: GeneratedResource[];
  };
}

for (const c of loadCases<Case>('engine.yaml')) {
  test(`engine: ${c.name}`, async () => {
    const loader: ContextLoader = {
      configMap: async (ns, name) => c.configMaps?.[`${ns}/${name}`],
      apiCall: async ({ urlPath }) => {
        if (!(urlPath in (c.apiCalls ?? {}))) throw new Error(`${urlPath} not found`);
        return c.apiCalls![urlPath];
      },
    };
    const r = await evaluatePolicies(c.policies, c.request, { loader });
    const rules = r.responses.flatMap((p) => p.rules.map((x) => ({ policy: p.policy, rule: x.name, status: x.status, message: x.message })));
    assert.equal(r.allowed, c.want.allowed, JSON.stringify(rules));
    if (c.want.message !== undefined) assert.equal(r.message, c.want.message);
    if (c.want.warnings) assert.deepEqual(r.warnings, c.want.warnings);
    if (c.want.patch) assert.deepEqual(r.patch, c.want.patch);
    if (c.want.generated) assert.deepEqual(r.generated, c.want.generated);
    assert.equal(rules.length, c.want.rules.length, JSON.stringify(rules));
    c.want.rules.forEach((w, i) => {
      assert.equal(rules[i].policy, w.policy);
      assert.equal(rules[i].rule, w.rule);
      assert.equal(rules[i].status, w.status, rules[i].message);
      if (w.message !== undefined) assert.equal(rules[i].message, w.message);
    });
    assert.equal(r.results.length, rules.length);
  });
}

test('background scans report PolicyReport results', async () => {
  const policy = loadCases<Case>('engine.yaml')[0].policies[0];
  policy.metadata.annotations = { 'policies.kyverno.io/severity': 'medium', 'policies.kyverno.io/category': 'Best Practices' };
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x', namespace: 'default', uid: 'u1' } };
  const now = new Date('2024-01-01T00:00:00Z');
  const { results } = await scanResource([policy], pod, { now: () => now });
  assert.equal(results.length, 1);
  assert.deepEqual(results[0], {
    source: 'kyverno',
    policy: 'require-labels',
    rule: 'check-for-labels',
    result: 'fail',
    message: "validation error: label 'app.kubernetes.io/name' is required. rule check-for-labels failed at path /metadata/labels/",
    scored: true,
    severity: 'medium',
    category: 'Best Practices',
    timestamp: { seconds: 1704067200, nanos: 0 },
    resources: [{ apiVersion: 'v1', kind: 'Pod', name: 'x', namespace: 'default', uid: 'u1' }],
    properties: { process: 'background scan' },
  });
});
