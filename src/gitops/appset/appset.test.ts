/** Table-driven ApplicationSet generation: each testdata/*.yaml is an ApplicationSet, its inputs and the Applications (or error) it yields. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import type { KObject } from '../../apiserver/types.ts';
import { AppSetError, appSetConditions, fastTemplate, generateApplications, slugify, type GeneratorContext, type GitTree } from './index.ts';

const dir = join(import.meta.dirname, 'testdata');

function gitFrom(repos: Record<string, Record<string, string>> = {}): GeneratorContext['git'] {
  return async (url) => {
    const files = repos[url];
    if (!files) throw new Error(`repository ${url} not found`);
    const dirs = new Set<string>();
    for (const f of Object.keys(files)) for (let d = dirname(f); d !== '.'; d = dirname(d)) dirs.add(d);
    const tree: GitTree = { directories: async () => [...dirs], files: async () => Object.keys(files), read: async (p) => files[p]! };
    return tree;
  };
}

for (const f of readdirSync(dir).filter((x) => x.endsWith('.yaml')).sort()) {
  test(`appset ${f}`, async () => {
    const c = parse(readFileSync(join(dir, f), 'utf8'));
    const secrets = (c.clusterSecrets ?? []).map((s: Omit<KObject, 'apiVersion' | 'kind'>) => ({ ...s, apiVersion: 'v1', kind: 'Secret' }));
    const run = generateApplications(c.appset, { clusterSecrets: secrets, git: gitFrom(c.git) });
    if (c.wantError) {
      await assert.rejects(run, (e: unknown) => {
        assert.ok(e instanceof AppSetError, String(e));
        assert.equal(e.reason, c.wantError.reason);
        assert.ok(e.message.includes(c.wantError.match), e.message);
        return true;
      });
    } else assert.deepEqual(await run, c.want);
  });
}

test('fasttemplate leaves unknown and empty tags, trims spaces', () => {
  assert.equal(fastTemplate('{{a}}-{{ a }}-{{b}}-{{}}', { a: 'x' }), 'x-x-{{b}}-{{}}');
});

test('slugify as Argo CD (smart truncation at a dash)', () => {
  assert.equal(slugify(50, false, 'Hello, World!'), 'hello-world');
  assert.equal(slugify(12, true, 'the-quick-brown-fox'), 'the-quick');
  assert.equal(slugify(12, false, 'the-quick-brown-fox'), 'the-quick-br');
});

test('conditions: success and failure in Argo CD shape', () => {
  assert.deepEqual(appSetConditions(undefined, true).map((x) => `${x.type}=${x.status}/${x.reason}`), ['ErrorOccurred=False/ApplicationSetUpToDate', 'ParametersGenerated=True/ParametersGenerated', 'ResourcesUpToDate=True/ApplicationSetUpToDate']);
  assert.deepEqual(appSetConditions({ reason: 'ApplicationGenerationFromParamsError', message: 'boom' }, false).map((x) => `${x.type}=${x.status}/${x.reason}:${x.message}`), [
    'ErrorOccurred=True/ApplicationGenerationFromParamsError:boom',
    'ParametersGenerated=False/ErrorOccurred:boom',
    'ResourcesUpToDate=False/ApplicationGenerationFromParamsError:boom',
  ]);
});
