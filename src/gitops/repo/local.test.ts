import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isLocalRepo, localRepoRefusal } from './local.ts';

test('local repositories are file: URLs and paths, not remote or scp-like URLs', () => {
  const cases: Array<[string, boolean]> = [
    ['file:///srv/repo.git', true],
    ['FILE:///srv/repo', true],
    ['/srv/repo.git', true],
    ['./repo', true],
    ['../x/y:z', true],
    ['repo', true],
    ['https://github.com/org/repo.git', false],
    ['http://127.0.0.1:8080/repo.git', false],
    ['ssh://git@host:22/repo.git', false],
    ['git://127.0.0.1:9418/repo', false],
    ['git@github.com:org/repo.git', false],
    ['host:path/repo', false],
  ];
  for (const [url, local] of cases) assert.equal(isLocalRepo(url), local, url);
});

test('only root may use local repositories unless the hub allows them', () => {
  assert.equal(localRepoRefusal('root', 'file:///srv/hub.git', false), undefined);
  assert.match(localRepoRefusal('acme', 'file:///srv/hub.git', false) ?? '', /reserved to the hub's own cluster/);
  assert.equal(localRepoRefusal('acme', 'file:///srv/hub.git', true), undefined);
  assert.equal(localRepoRefusal('acme', 'https://example.com/r.git', false), undefined);
});
