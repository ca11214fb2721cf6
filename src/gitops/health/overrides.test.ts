/** argocd-cm resource customizations: both key forms, wildcards, precedence over built-ins, time limit. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assessHealth, parseResourceOverrides } from './index.ts';

const script = (status: string, message: string) => `hs = {}\nhs.status = "${status}"\nhs.message = "${message}"\nreturn hs\n`;
const widget = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } };

describe('parseResourceOverrides', () => {
  it('reads split keys and the YAML form, split keys winning', () => {
    const { overrides, errors } = parseResourceOverrides({
      'resource.customizations': [
        'example.com/Widget:',
        '  health.lua: |',
        '    return {status="Degraded"}',
        '  health.lua.useOpenLibs: true',
        'admissionregistration.k8s.io/MutatingWebhookConfiguration:',
        '  ignoreDifferences: |',
        '    jsonPointers:',
        '    - /webhooks/0/clientConfig/caBundle',
      ].join('\n'),
      'resource.customizations.health.example.com_Widget': script('Healthy', 'split'),
      'resource.customizations.health.ConfigMap': script('Healthy', 'core'),
      'resource.customizations.ignoreDifferences.all': 'managedFieldsManagers:\n- kube-controller-manager\n',
      'resource.customizations.useOpenLibs.example.com_Widget': 'false',
      'resource.customizations.knownTypeFields.argoproj.io_Rollout': '- field: spec.template.spec\n  type: core/v1/PodSpec\n',
    });
    assert.deepEqual(errors, []);
    assert.equal(overrides['example.com/Widget'].healthLua, script('Healthy', 'split'));
    assert.equal(overrides['example.com/Widget'].useOpenLibs, false);
    assert.ok(overrides.ConfigMap.healthLua);
    assert.deepEqual(overrides['*/*'].ignoreDifferences, { managedFieldsManagers: ['kube-controller-manager'] });
    assert.deepEqual(overrides['admissionregistration.k8s.io/MutatingWebhookConfiguration'].ignoreDifferences, {
      jsonPointers: ['/webhooks/0/clientConfig/caBundle'],
    });
    assert.equal(overrides['argoproj.io/Rollout'].knownTypeFields?.length, 1);
  });

  it('reports bad keys and keeps the good ones', () => {
    const { overrides, errors } = parseResourceOverrides({
      'resource.customizations.health.a_b_c': 'x',
      'resource.customizations.colour.example.com_Widget': 'x',
      'resource.customizations.useOpenLibs.example.com_Widget': 'maybe',
      'resource.customizations.ignoreDifferences.apps_Deployment': 'jsonPointers: /spec',
      'resource.customizations.health.example.com_Widget': 'return {status="Healthy"}',
    });
    assert.equal(errors.length, 4);
    assert.match(errors.join('\n'), /group kind should be in format/);
    assert.match(errors.join('\n'), /resource customization type colour not supported/);
    assert.ok(overrides['example.com/Widget'].healthLua);
  });
});

describe('custom health', () => {
  it('runs a configured script for its group/kind', () => {
    const { overrides } = parseResourceOverrides({ 'resource.customizations.health.example.com_Widget': script('Suspended', 'paused by user') });
    assert.deepEqual(assessHealth(widget, { customizations: overrides }), { status: 'Suspended', message: 'paused by user' });
  });

  it('matches wildcard keys, preferring the most specific', () => {
    const { overrides } = parseResourceOverrides({
      'resource.customizations.health.*.com_*': script('Degraded', 'broad'),
      'resource.customizations.health.example.com_*': script('Healthy', 'narrow'),
    });
    assert.equal(assessHealth(widget, { customizations: overrides })?.message, 'narrow');
    const other = { ...widget, apiVersion: 'other.com/v1' };
    assert.equal(assessHealth(other, { customizations: overrides })?.message, 'broad');
  });

  it('overrides built-in checks and shipped scripts', () => {
    const { overrides } = parseResourceOverrides({
      'resource.customizations.health.apps_Deployment': script('Healthy', 'custom deployment'),
      'resource.customizations.health.cert-manager.io_Certificate': script('Degraded', 'custom certificate'),
    });
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', generation: 9 }, spec: { paused: true } };
    const certificate = { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'c' } };
    assert.equal(assessHealth(deployment, { customizations: overrides })?.message, 'custom deployment');
    assert.equal(assessHealth(certificate, { customizations: overrides })?.message, 'custom certificate');
  });

  it('gives a script that does not finish Unknown with a clear message', () => {
    const { overrides } = parseResourceOverrides({ 'resource.customizations.health.example.com_Widget': 'while true do end' });
    assert.deepEqual(assessHealth(widget, { customizations: overrides, luaTimeoutMs: 30 }), {
      status: 'Unknown',
      message: 'Lua health script for example.com/Widget exceeded the time limit of 30ms',
    });
  });

  it('gives a failing script Unknown with the Lua error', () => {
    const { overrides } = parseResourceOverrides({ 'resource.customizations.health.example.com_Widget': 'return obj.status.phase' });
    const got = assessHealth(widget, { customizations: overrides });
    assert.equal(got?.status, 'Unknown');
    assert.match(got?.message ?? '', /attempt to index a nil value/);
  });

  it('still reports pending deletion before running any script', () => {
    const { overrides } = parseResourceOverrides({ 'resource.customizations.health.example.com_Widget': 'while true do end' });
    const deleting = { ...widget, metadata: { name: 'w', deletionTimestamp: '2024-01-01T00:00:00Z' } };
    assert.deepEqual(assessHealth(deleting, { customizations: overrides }), { status: 'Progressing', message: 'Pending deletion' });
  });
});
