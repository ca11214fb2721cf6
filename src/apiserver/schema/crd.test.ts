import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { StatusCause } from '../errors.ts';
import { crdAcceptedStatus, crdDefaults, validateCRD } from './crd.ts';
import { allCRDFiles, loadCases, loadCRD } from './testing.ts';
import { isObject } from '../types.ts';

interface Case {
  name: string;
  patch: Record<string, unknown>;
  causes: StatusCause[];
}

const base = () => parse(readFileSync(fileURLToPath(new URL('testdata/crd-base.yaml', import.meta.url)), 'utf8'));

/** RFC 7386 merge patch. */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

describe('validateCRD', () => {
  for (const c of loadCases<Case>('crd.yaml')) {
    it(c.name, () => assert.deepEqual(validateCRD(mergePatch(base(), c.patch) as Record<string, unknown>), c.causes));
  }
});

describe('upstream CRDs', () => {
  for (const file of allCRDFiles()) {
    it(`${file} is accepted`, () => {
      const crd = loadCRD(file);
      assert.deepEqual(validateCRD(crd, { allowWebhookConversion: true }), []);
      const strict = validateCRD(crd);
      if (crd.spec.conversion?.strategy === 'Webhook') assert.deepEqual(strict.map((c) => c.field), ['spec.conversion.strategy']);
      else assert.deepEqual(strict, []);
    });
  }
});

describe('crdDefaults', () => {
  it('fills singular, listKind, conversion and storedVersions without touching the input', () => {
    const input = base();
    const out = crdDefaults(input);
    assert.equal(out.spec.names.singular, 'widget');
    assert.equal(out.spec.names.listKind, 'WidgetList');
    assert.deepEqual(out.spec.conversion, { strategy: 'None' });
    assert.deepEqual(out.status.storedVersions, ['v1']);
    assert.equal(input.spec.names.singular, undefined);
  });
  it('keeps what is set and defaults the webhook service port', () => {
    const input = mergePatch(base(), {
      spec: { names: { singular: 'wdgt', listKind: 'Widgets' }, conversion: { strategy: 'Webhook', webhook: { clientConfig: { service: { name: 's', namespace: 'n' } } } } },
    }) as Record<string, any>;
    const out = crdDefaults(input);
    assert.equal(out.spec.names.singular, 'wdgt');
    assert.equal(out.spec.names.listKind, 'Widgets');
    assert.equal(out.spec.conversion.webhook.clientConfig.service.port, 443);
  });
});

describe('crdAcceptedStatus', () => {
  it('accepts the names and establishes the CRD', () => {
    const crd = crdDefaults(loadCRD('argo-cd/application-crd.yaml'));
    const status = crdAcceptedStatus(crd, new Date('2024-05-01T10:00:00.123Z'));
    assert.deepEqual(status, {
      acceptedNames: { kind: 'Application', listKind: 'ApplicationList', plural: 'applications', singular: 'application', shortNames: ['app', 'apps'] },
      conditions: [
        { type: 'NamesAccepted', status: 'True', lastTransitionTime: '2024-05-01T10:00:00Z', reason: 'NoConflicts', message: 'no conflicts found' },
        { type: 'Established', status: 'True', lastTransitionTime: '2024-05-01T10:00:00Z', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' },
      ],
      storedVersions: ['v1alpha1'],
    });
  });
});
