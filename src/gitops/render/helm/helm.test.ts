import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import type { KObject } from '../../../apiserver/types.ts';
import { GO_YAML_OPTIONS, toJsonValue } from '../../../lib/gotemplate/index.ts';
import { DEFAULT_API_VERSIONS, renderHelmDir, type HelmSourceSpec } from './index.ts';
import { goldenCases, testdata, type GoldenCase } from './testdata/goldens.ts';
import { readFileSync } from 'node:fs';

/** The Argo CD source spec that makes `helm template` run with the case's flags. */
function specOf(c: GoldenCase): HelmSourceSpec {
  const param = (s: string, forceString: boolean) => {
    const i = s.indexOf('=');
    return { name: s.slice(0, i), value: s.slice(i + 1), forceString };
  };
  return {
    releaseName: c.release,
    valueFiles: c.valueFiles,
    values: c.values,
    parameters: [...(c.set ?? []).map((s) => param(s, false)), ...(c.setString ?? []).map((s) => param(s, true))],
    skipCrds: c.skipCrds,
    skipTests: c.skipTests,
    kubeVersion: c.kubeVersion,
    apiVersions: [...DEFAULT_API_VERSIONS, ...(c.apiVersions ?? [])],
  };
}

const key = (o: KObject) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
const sorted = (objs: KObject[]) => [...objs].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

function goldenObjects(name: string): KObject[] {
  return (parseAllDocuments(readFileSync(testdata(`golden/${name}.yaml`), 'utf8'), GO_YAML_OPTIONS as never) as unknown as { toJS(): unknown }[])
    .map((d) => toJsonValue(d.toJS()))
    .filter((v): v is KObject => v !== null && typeof v === 'object') as KObject[];
}

describe('helm template goldens (real Helm output, see testdata/README.md)', () => {
  for (const c of goldenCases()) {
    it(c.name, async () => {
      const got = await renderHelmDir(testdata(`charts/${c.chart}`), specOf(c), { appName: 'app', namespace: c.namespace });
      const want = goldenObjects(c.name);
      assert.deepEqual(sorted(got).map(key), sorted(want).map(key));
      for (const [i, o] of sorted(got).entries()) assert.deepEqual(o, sorted(want)[i], key(o));
    });
  }
});
