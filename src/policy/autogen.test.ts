import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withAutogenRules } from './autogen.ts';

const podPolicy = (annotations?: Record<string, string>) => ({
  apiVersion: 'kyverno.io/v1',
  kind: 'ClusterPolicy',
  metadata: { name: 'p', ...(annotations ? { annotations } : {}) },
  spec: {
    rules: [
      {
        name: 'r',
        match: { any: [{ resources: { kinds: ['Pod'] } }] },
        validate: { message: '{{ request.object.metadata.name }}', pattern: { spec: { hostNetwork: false } } },
      },
    ],
  },
});

test('autogen adds controller and cronjob rules with templated patterns and variables', () => {
  const rules = withAutogenRules(podPolicy());
  assert.deepEqual(
    rules.map((r) => r.name),
    ['r', 'autogen-r', 'autogen-cronjob-r'],
  );
  assert.deepEqual((rules[1].validate as { pattern: unknown }).pattern, { spec: { template: { spec: { hostNetwork: false } } } });
  assert.equal((rules[1].validate as { message: string }).message, '{{ request.object.spec.template.metadata.name }}');
  assert.deepEqual((rules[2].match as { any: { resources: { kinds: string[] } }[] }).any[0].resources.kinds, ['CronJob']);
});

test('autogen honours the controllers annotation', () => {
  assert.deepEqual(withAutogenRules(podPolicy({ 'pod-policies.kyverno.io/autogen-controllers': 'none' })).map((r) => r.name), ['r']);
  assert.deepEqual(withAutogenRules(podPolicy({ 'pod-policies.kyverno.io/autogen-controllers': 'Deployment' })).map((r) => r.name), ['r', 'autogen-r']);
});
