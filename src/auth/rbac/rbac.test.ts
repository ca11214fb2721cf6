import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { aggregateClusterRoles, authorize, bootstrapPolicy, rulesFor, staticPolicy } from './index.ts';
import type { ClusterRole, PolicyLists, PolicyRule, RequestAttributes, SubjectRulesReviewStatus } from './index.ts';
import type { UserInfo } from '../../apiserver/types.ts';

const dir = new URL('./testdata/', import.meta.url);
const load = <T>(file: string): T => parse(readFileSync(new URL(file, dir), 'utf8')) as T;

interface AuthorizeFixture {
  bootstrap?: boolean;
  policy: PolicyLists;
  cases: { name: string; attrs: RequestAttributes; allowed: boolean; reason?: string }[];
}

function policyOf(f: AuthorizeFixture): PolicyLists {
  if (!f.bootstrap) return f.policy;
  const b = bootstrapPolicy();
  return {
    ...f.policy,
    clusterRoles: [...b.clusterRoles, ...(f.policy.clusterRoles ?? [])],
    clusterRoleBindings: [...b.clusterRoleBindings, ...(f.policy.clusterRoleBindings ?? [])],
  };
}

for (const file of readdirSync(dir).filter((f) => f.startsWith('authorize-')).sort()) {
  const fixture = load<AuthorizeFixture>(file);
  describe(`authorize: ${file}`, () => {
    const lists = policyOf(fixture);
    for (const c of fixture.cases) {
      it(c.name, () => {
        for (const policy of [lists, staticPolicy(lists)]) {
          const got = authorize(c.attrs, policy);
          assert.equal(got.allowed, c.allowed);
          if (c.reason !== undefined) assert.equal(got.reason, c.reason);
        }
      });
    }
  });
}

describe('aggregateClusterRoles', () => {
  const fixture = load<{ cases: { name: string; in: ClusterRole[]; want: Record<string, PolicyRule[]> }[] }>('aggregate.yaml');
  for (const c of fixture.cases) {
    it(c.name, () => {
      const input = structuredClone(c.in);
      const out = aggregateClusterRoles(c.in);
      assert.deepEqual(c.in, input, 'input is not mutated');
      for (const [name, rules] of Object.entries(c.want)) {
        assert.deepEqual(out.find((r) => r.metadata.name === name)?.rules, rules, name);
      }
    });
  }
});

describe('rulesFor', () => {
  const fixture = load<{ policy: PolicyLists; cases: { name: string; user: UserInfo; namespace: string; want: SubjectRulesReviewStatus }[] }>('rules-for.yaml');
  for (const c of fixture.cases) {
    it(c.name, () => assert.deepEqual(rulesFor(c.user, c.namespace, fixture.policy), c.want));
  }
});

describe('bootstrapPolicy', () => {
  it('returns fresh copies', () => {
    const a = bootstrapPolicy();
    a.clusterRoles.length = 0;
    assert.ok(bootstrapPolicy().clusterRoles.length > 0);
  });
  it('admin ⊇ edit ⊇ view after aggregation', () => {
    const roles = bootstrapPolicy().clusterRoles;
    const rules = (n: string) => new Set(roles.find((r) => r.metadata.name === n)!.rules!.map((r) => JSON.stringify(r)));
    const [admin, edit, view] = [rules('admin'), rules('edit'), rules('view')];
    assert.ok(view.size > 0);
    for (const r of view) assert.ok(edit.has(r));
    for (const r of edit) assert.ok(admin.has(r));
  });
});
