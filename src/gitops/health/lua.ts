/**
 * Runs Argo CD health scripts (`obj` in, `hs = {status, message}` out) in a sandboxed Lua VM.
 *
 * Argo CD runs gopher-lua (Lua 5.1); we run fengari (Lua 5.3 in plain JS). fengari is synchronous and lets a
 * count hook abort a running script, which is how the time limit works: no worker, no async API, a fresh VM
 * per check so no script can leave state behind for the next one (the chunks are compiled once per script text). To stay 5.1-compatible we pass whole numbers
 * as Lua integers (else messages read "3.0/9.0") and add the 5.1 names scripts still use (`table.getn`, `unpack`).
 *
 * Sandbox: base (without dofile/loadfile/load of binary chunks; print is silenced), table, string, math, and an
 * `os` with only time/date/clock/difftime, as Argo CD's safe os library. `require` resolves only those modules.
 * `useOpenLibs` adds coroutine and utf8; never io, the real os, debug or package loading.
 */
import { createRequire } from 'node:module';
import { isObject } from '../../apiserver/types.ts';
import { isHealthStatusCode, type HealthStatus } from './types.ts';

/** Argo CD gives each script one second (a context deadline in gopher-lua). */
export const DEFAULT_LUA_TIMEOUT_MS = 1000;
// Instructions between deadline checks: small enough to stop within a millisecond or two, large enough to be free.
const HOOK_EVERY = 1000;

export interface LuaOptions {
  timeoutMs?: number;
  useOpenLibs?: boolean;
  /** Names the script in error messages (e.g. "cert-manager.io/Certificate"). */
  name?: string;
}

/** A script that did not produce a health: failed to compile or run, ran out of time, or returned no table. */
export class LuaHealthError extends Error {
  constructor(
    message: string,
    readonly reason: 'Timeout' | 'ScriptError' | 'BadReturn',
  ) {
    super(message);
    this.name = 'LuaHealthError';
  }
}

/* eslint-disable @typescript-eslint/no-explicit-any -- fengari ships no types; the few calls used are typed below. */
type LuaState = object;
interface Fengari {
  lua: Record<string, any>;
  lauxlib: Record<string, any>;
  lualib: Record<string, any>;
  to_luastring(s: string): Uint8Array;
}
const fengari = createRequire(import.meta.url)('fengari') as Fengari;
const { lua, lauxlib, lualib, to_luastring: ls } = fengari;

/** Lua 5.1 names that Argo CD's scripts (written for gopher-lua) still call. */
const PRELUDE = `
table.getn = function(t) return #t end
table.maxn = table.maxn or function(t) local n = 0 for k in pairs(t) do if type(k) == "number" and k > n then n = k end end return n end
unpack = unpack or table.unpack
loadstring = function(s, name) return load(s, name, "t") end
math.pow = math.pow or function(x, y) return x ^ y end
math.mod = math.mod or math.fmod
string.gfind = string.gfind or string.gmatch
do
  -- fengari's os.date leaves a leading "!" (UTC) in strftime output; strip it (hosts run in UTC anyway).
  local rawdate = os.date
  os.date = function(fmt, t)
    if type(fmt) == "string" and string.sub(fmt, 1, 1) == "!" and string.sub(fmt, 2, 3) ~= "*t" then fmt = string.sub(fmt, 2) end
    return rawdate(fmt, t)
  end
end
`;

/** Runs a health script against `obj` and returns its health; throws LuaHealthError when it cannot. */
export function runHealthScript(script: string, obj: unknown, opts: LuaOptions = {}): HealthStatus {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_LUA_TIMEOUT_MS;
  const L = lauxlib.luaL_newstate() as LuaState;
  try {
    openSandbox(L, opts.useOpenLibs === true);
    pushValue(L, obj);
    lua.lua_setglobal(L, ls('obj'));
    let timedOut = false;
    const deadline = Date.now() + timeoutMs;
    lua.lua_sethook(
      L,
      (L2: LuaState) => {
        if (!timedOut && Date.now() <= deadline) return;
        // Once late, fail on every instruction so a script's own pcall cannot swallow the abort and carry on.
        if (!timedOut) lua.lua_sethook(L2, lua.lua_gethook(L2), lua.LUA_MASKCOUNT, 1);
        timedOut = true;
        lauxlib.luaL_error(L2, ls('health check time limit exceeded'));
      },
      lua.LUA_MASKCOUNT,
      HOOK_EVERY,
    );
    const label = opts.name ? `health.lua (${opts.name})` : 'health.lua';
    if (!loadCompiled(L, script, `=${label}`)) {
      throw new LuaHealthError(`failed to compile Lua health script: ${topString(L)}`, 'ScriptError');
    }
    const status = lua.lua_pcall(L, 0, 1, 0);
    if (timedOut) {
      throw new LuaHealthError(`Lua health script${opts.name ? ` for ${opts.name}` : ''} exceeded the time limit of ${timeoutMs}ms`, 'Timeout');
    }
    if (status !== lua.LUA_OK) throw new LuaHealthError(topString(L), 'ScriptError');
    return readHealth(L);
  } finally {
    lua.lua_close(L);
  }
}

function openSandbox(L: LuaState, openLibs: boolean): void {
  const libs: Array<[string, unknown]> = [
    ['_G', lualib.luaopen_base],
    ['table', lualib.luaopen_table],
    ['string', lualib.luaopen_string],
    ['math', lualib.luaopen_math],
  ];
  if (openLibs) libs.push(['coroutine', lualib.luaopen_coroutine], ['utf8', lualib.luaopen_utf8]);
  for (const [name, open] of libs) {
    lauxlib.luaL_requiref(L, ls(name), open, 1);
    lua.lua_pop(L, 1);
  }
  // A safe os: build the real one, keep only the clock and calendar functions.
  lauxlib.luaL_requiref(L, ls('os'), lualib.luaopen_os, 0);
  lua.lua_createtable(L, 0, 4);
  for (const fn of ['time', 'date', 'clock', 'difftime']) {
    lua.lua_getfield(L, -2, ls(fn));
    lua.lua_setfield(L, -2, ls(fn));
  }
  lua.lua_setglobal(L, ls('os'));
  lua.lua_pop(L, 1);
  const modules = ['string', 'table', 'math', 'os', ...(openLibs ? ['coroutine', 'utf8'] : [])];
  const sandbox = `
    dofile, loadfile = nil, nil
    local rawload = load
    load = function(chunk, name, mode, env) return rawload(chunk, name, "t", env) end
    print = function() end
    local loaded = { ${modules.map((m) => `${m} = ${m}`).join(', ')} }
    require = function(name)
      local m = loaded[name]
      if m == nil then error("module '" .. tostring(name) .. "' not found", 2) end
      return m
    end
    package = nil
    ${PRELUDE}`;
  if (!loadCompiled(L, sandbox, '=sandbox') || lua.lua_pcall(L, 0, lua.LUA_MULTRET, 0) !== lua.LUA_OK) throw new Error(`lua sandbox setup failed: ${topString(L)}`);
}

/**
 * Compiled chunks by (chunk name, source text): each check still gets a fresh VM, but the source is parsed
 * once. The first load parses the text (mode "t") and keeps its precompiled form (`lua_dump`, with debug
 * information so error messages keep their names and lines); later loads read that form back. Only chunks
 * this module compiled itself are ever loaded as binary: scripts' own `load` stays text-only.
 */
const compiled = new Map<string, Uint8Array>();
const MAX_COMPILED = 512;

/** Pushes the compiled chunk (true) or the compile error (false) onto L's stack. */
function loadCompiled(L: LuaState, source: string, chunkname: string): boolean {
  const key = `${chunkname}\0${source}`;
  const bin = compiled.get(key);
  if (bin) return lauxlib.luaL_loadbufferx(L, bin, bin.length, ls(chunkname), ls('b')) === lua.LUA_OK;
  if (lauxlib.luaL_loadbufferx(L, ls(source), null, ls(chunkname), ls('t')) !== lua.LUA_OK) return false;
  const parts: Uint8Array[] = [];
  if (lua.lua_dump(L, (_L: LuaState, b: Uint8Array, size: number) => (parts.push(b.slice(0, size)), 0), null, false) === 0) {
    if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value!);
    compiled.set(key, Buffer.concat(parts));
  }
  return true;
}

/** Pushes a JSON value as real Lua tables (not userdata), integers as integers. null and undefined become nil. */
function pushValue(L: LuaState, v: unknown): void {
  // Each nesting level holds a table on the stack: deep objects (an XRD's schema) need room beyond LUA_MINSTACK.
  if (!lua.lua_checkstack(L, 3)) throw new LuaHealthError('object too deeply nested for a Lua health check', 'ScriptError');
  if (v === null || v === undefined) lua.lua_pushnil(L);
  else if (typeof v === 'boolean') lua.lua_pushboolean(L, v);
  else if (typeof v === 'number') {
    if (Number.isSafeInteger(v)) lua.lua_pushinteger(L, v);
    else lua.lua_pushnumber(L, v);
  } else if (typeof v === 'string') lua.lua_pushstring(L, ls(v));
  else if (Array.isArray(v)) {
    lua.lua_createtable(L, v.length, 0);
    v.forEach((item, i) => {
      pushValue(L, item);
      lua.lua_rawseti(L, -2, i + 1);
    });
  } else if (isObject(v)) {
    lua.lua_createtable(L, 0, Object.keys(v).length);
    for (const [k, item] of Object.entries(v)) {
      if (item === null || item === undefined) continue;
      pushValue(L, item);
      lua.lua_setfield(L, -2, ls(k));
    }
  } else lua.lua_pushnil(L);
}

function readHealth(L: LuaState): HealthStatus {
  if (lua.lua_type(L, -1) !== lua.LUA_TTABLE) {
    throw new LuaHealthError(`expect table output from Lua script, not ${typeName(L)}`, 'BadReturn');
  }
  const status = readStringField(L, 'status');
  const message = readStringField(L, 'message');
  // Argo CD's wording for a script that returns a status outside the enum.
  if (!isHealthStatusCode(status)) return { status: 'Unknown', message: 'Lua returned an invalid health status' };
  return message ? { status, message } : { status };
}

function readStringField(L: LuaState, key: string): string | undefined {
  lua.lua_getfield(L, -1, ls(key));
  const t = lua.lua_type(L, -1);
  // Numbers are accepted as messages (Lua scripts concatenate counts freely); anything else is ignored.
  const value = t === lua.LUA_TSTRING || t === lua.LUA_TNUMBER ? lua.lua_tojsstring(L, -1) : undefined;
  lua.lua_pop(L, 1);
  return value as string | undefined;
}

const typeName = (L: LuaState): string => String(fromLuaString(lua.lua_typename(L, lua.lua_type(L, -1))));
const fromLuaString = (s: unknown): string => (s instanceof Uint8Array ? new TextDecoder().decode(s) : String(s));

function topString(L: LuaState): string {
  const s = lua.lua_tojsstring(L, -1);
  return typeof s === 'string' ? s : typeName(L);
}
