/**
 * Lua health scripts in Argo CD's resource_customizations format: every folder with a health.lua and a
 * health_test.yaml (`tests: [{healthStatus: {status, message}, inputPath}]`) is run case by case.
 * Covers the scripts we ship (scripts/) and user-style scripts (testdata/lua/), including a runaway one.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { LuaHealthError, runHealthScript, type HealthStatus } from './index.ts';

const here = fileURLToPath(new URL('.', import.meta.url));

function scriptFolders(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    if (existsSync(join(dir, 'health_test.yaml'))) out.push(dir);
    for (const e of readdirSync(dir)) if (statSync(join(dir, e)).isDirectory() && e !== 'testdata') walk(join(dir, e));
  };
  walk(root);
  return out.sort();
}

// The same contract as assessHealth: a script that fails yields Unknown with the failure as the message.
function run(script: string, obj: unknown, name: string): HealthStatus {
  try {
    return runHealthScript(script, obj, { name, useOpenLibs: true });
  } catch (e) {
    if (e instanceof LuaHealthError) return { status: 'Unknown', message: e.message };
    throw e;
  }
}

interface HealthTest {
  tests: Array<{ healthStatus: HealthStatus; inputPath: string }>;
}

for (const root of ['scripts', 'testdata/lua']) {
  describe(`lua health scripts in ${root}/`, () => {
    for (const folder of scriptFolders(join(here, root))) {
      // Folder names follow Argo CD: <group>/<Kind>, with `_` for a wildcard.
      const name = relative(join(here, root), folder);
      const script = readFileSync(join(folder, 'health.lua'), 'utf8');
      const spec = parse(readFileSync(join(folder, 'health_test.yaml'), 'utf8')) as HealthTest;
      for (const t of spec.tests) {
        it(`${name}: ${t.inputPath} is ${t.healthStatus.status}`, () => {
          const obj = parse(readFileSync(join(folder, t.inputPath), 'utf8'));
          const got = run(script, obj, name);
          assert.equal(got.status, t.healthStatus.status);
          assert.equal(got.message ?? '', t.healthStatus.message ?? '');
        });
      }
    }
  });
}

describe('lua sandbox', () => {
  const obj = { spec: { n: 3, ratio: 0.5, items: [1, 2, 3] } };
  const ok = (script: string, opts = {}) => runHealthScript(script, obj, opts);
  const fails = (script: string, reason: string, opts = {}) =>
    assert.throws(() => ok(script, opts), (e: unknown) => e instanceof LuaHealthError && e.reason === reason);

  it('passes whole numbers as integers so messages read like gopher-lua (3/3, not 3.0/3.0)', () => {
    assert.deepEqual(ok('return {status="Healthy", message=obj.spec.n .. "/" .. #obj.spec.items .. " " .. obj.spec.ratio}'), {
      status: 'Healthy',
      message: '3/3 0.5',
    });
  });
  it('offers the Lua 5.1 names Argo CD scripts use', () => {
    assert.equal(ok('local a, b = unpack({1, 2}) return {status="Healthy", message=table.getn(obj.spec.items) .. a .. b}').message, '312');
  });
  it('offers os.time and os.date but not the rest of os', () => {
    assert.equal(ok('return {status="Healthy", message=os.date("!%Y", 0) .. tostring(os.execute)}').message, '1970nil');
  });
  it('stops a looping script at the time limit, even one that catches errors', () => {
    const t0 = Date.now();
    fails('while true do pcall(function() while true do end end) end', 'Timeout', { timeoutMs: 50 });
    assert.ok(Date.now() - t0 < 1000);
  });
  it('rejects a script that returns no table', () => fails('return "Healthy"', 'BadReturn'));
  it('rejects a script that does not compile', () => fails('return {', 'ScriptError'));
  it('reports an invalid status as Unknown with Argo CD\'s message', () => {
    assert.deepEqual(ok('return {status="Great"}'), { status: 'Unknown', message: 'Lua returned an invalid health status' });
  });
  it('refuses binary chunks', () => fails('return load(string.dump(function() end))()', 'ScriptError'));
  it('compiles a script once but runs each check in a fresh VM, with the time limit and chunk name each time', () => {
    const script = 'seen = (seen or 0) + 1 return {status="Healthy", message=tostring(seen) .. "/" .. obj.spec.n}';
    for (let i = 0; i < 3; i++) assert.equal(ok(script).message, '1/3'); // no global survives a run
    const failing = 'local x = obj.spec.n\nerror("bad " .. x)';
    for (let i = 0; i < 2; i++) {
      assert.throws(() => ok(failing, { name: 'example.com/Thing' }), (e: unknown) => e instanceof LuaHealthError && /^health\.lua \(example\.com\/Thing\):2: bad 3$/.test(e.message));
    }
    for (let i = 0; i < 2; i++) fails('while true do end', 'Timeout', { timeoutMs: 30 });
  });
  it('keeps coroutine behind useOpenLibs', () => {
    const script = 'return {status = coroutine and "Healthy" or "Degraded"}';
    assert.equal(ok(script).status, 'Degraded');
    assert.equal(ok(script, { useOpenLibs: true }).status, 'Healthy');
  });
});
