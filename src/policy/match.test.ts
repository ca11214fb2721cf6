import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchTarget, ruleApplies, type MatchBlock } from './match.ts';
import { loadCases } from './testdata/fixtures.ts';
import type { AdmissionRequest, UserRoles } from './types.ts';

interface Case {
  name: string;
  rule: { match?: MatchBlock; exclude?: MatchBlock };
  request: AdmissionRequest;
  namespaces?: Record<string, Record<string, string>>;
  roles?: UserRoles;
  want: boolean;
}

for (const c of loadCases<Case>('match.yaml')) {
  test(`match: ${c.name}`, () => {
    const collaborators = { namespaceLabels: (ns: string) => c.namespaces?.[ns], userRoles: c.roles };
    assert.equal(ruleApplies(c.rule, matchTarget(c.request), collaborators), c.want);
  });
}
