import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KObject } from '../apiserver/types.ts';
import { namedKinds } from './reports.ts';

const policy = (...rules: unknown[]): KObject => ({ apiVersion: 'kyverno.io/v1', kind: 'ClusterPolicy', metadata: { name: 'p' }, spec: { rules } });

test('the kinds policies name, which resources the background scan can skip', () => {
  const cases: Array<[string, KObject[], string[] | 'any']> = [
    ['no policies', [], []],
    ['match.resources.kinds', [policy({ name: 'r', match: { resources: { kinds: ['Pod', 'apps/v1/Deployment'] } } })], ['Pod', 'Deployment']],
    ['any and all blocks', [policy({ name: 'r', match: { any: [{ resources: { kinds: ['Service'] } }], all: [{ resources: { kinds: ['v1/ConfigMap'] } }] } })], ['Service', 'ConfigMap']],
    ['a subresource', [policy({ name: 'r', match: { resources: { kinds: ['Pod/exec'] } } })], ['Pod']],
    ['a wildcard', [policy({ name: 'r', match: { resources: { kinds: ['*'] } } })], 'any'],
    ['a pattern', [policy({ name: 'r', match: { resources: { kinds: ['Config*'] } } })], 'any'],
    ['a rule naming no kind', [policy({ name: 'r', match: { resources: { namespaces: ['x'] } } })], 'any'],
    ['autogen: a rule on Pods scans Pod controllers too', [policy({ name: 'r', match: { any: [{ resources: { kinds: ['Pod'] } }] }, validate: { pattern: { spec: { containers: [{ image: '!*:latest' }] } } } })], ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob']],
    ['several policies', [policy({ name: 'a', match: { resources: { kinds: ['Pod'] } } }), policy({ name: 'b', match: { any: [{ resources: { kinds: ['HostedRuntime'] } }] } })], ['Pod', 'HostedRuntime']],
  ];
  for (const [name, policies, want] of cases) {
    const got = namedKinds(policies);
    if (want === 'any') assert.equal(got, 'any', name);
    else for (const k of want) assert.ok(got !== 'any' && got.has(k), `${name}: ${k}`);
    if (want !== 'any') for (const k of ['Secret', 'Namespace']) assert.ok(got !== 'any' && !got.has(k) || want.includes(k), `${name}: not ${k}`);
  }
});
