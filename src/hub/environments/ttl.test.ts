import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { clusterSecret, expiresAt, parseTtl } from './ttl.ts';

describe('parseTtl', () => {
  const table: Array<[string, number | undefined]> = [
    ['30s', 30_000], ['90m', 5_400_000], ['1h30m', 5_400_000], ['1.5h', 5_400_000], ['7d', 604_800_000], ['250ms', 250],
    ['', undefined], ['10', undefined], ['1w', undefined], ['-1h', undefined], ['1h ', undefined],
  ];
  for (const [ttl, want] of table) it(JSON.stringify(ttl), () => assert.equal(parseTtl(ttl), want));
});

describe('expiresAt', () => {
  it('is the creation plus the TTL, and undefined without a valid one', () => {
    const claim = (ttl?: string) => ({ apiVersion: 'platform.marina.io/v1alpha1', kind: 'Environment', metadata: { name: 'e', creationTimestamp: '2026-01-01T00:00:00Z' }, spec: ttl ? { ttl } : {} });
    assert.equal(expiresAt(claim('24h')), Date.parse('2026-01-02T00:00:00Z'));
    assert.equal(expiresAt(claim()), undefined);
    assert.equal(expiresAt(claim('soon')), undefined);
  });
});

describe('clusterSecret', () => {
  it('is an Argo CD cluster secret with the bearer token and CA in config', () => {
    const s = clusterSecret('preview', { server: 'https://hub:8443/clusters/acme--preview', token: 'tk', caData: 'Q0E=' }) as any;
    assert.equal(s.metadata.name, 'env-preview');
    assert.equal(s.metadata.namespace, 'argocd');
    assert.equal(s.metadata.labels['argocd.argoproj.io/secret-type'], 'cluster');
    const d = (k: string) => Buffer.from(s.data[k], 'base64').toString();
    assert.equal(d('name'), 'preview');
    assert.equal(d('server'), 'https://hub:8443/clusters/acme--preview');
    assert.deepEqual(JSON.parse(d('config')), { bearerToken: 'tk', tlsClientConfig: { insecure: false, caData: 'Q0E=' } });
  });
});
