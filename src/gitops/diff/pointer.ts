/** RFC 6901 JSON pointers, just enough for ignoreDifferences `jsonPointers` (a JSON patch `remove`). */
import { isObject } from '../../apiserver/types.ts';

export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`invalid JSON pointer "${pointer}": must start with /`);
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Removes the value at `pointer` in place; false when nothing is there (Argo CD then skips the pointer). */
export function removeAt(doc: unknown, pointer: string): boolean {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return false;
  let cur: unknown = doc;
  for (const t of tokens.slice(0, -1)) {
    cur = step(cur, t);
    if (cur === undefined) return false;
  }
  const last = tokens[tokens.length - 1];
  if (Array.isArray(cur)) {
    const i = index(last, cur.length);
    if (i === undefined) return false;
    cur.splice(i, 1);
    return true;
  }
  if (isObject(cur) && Object.hasOwn(cur, last)) {
    delete cur[last];
    return true;
  }
  return false;
}

function step(cur: unknown, token: string): unknown {
  if (Array.isArray(cur)) {
    const i = index(token, cur.length);
    return i === undefined ? undefined : cur[i];
  }
  return isObject(cur) && Object.hasOwn(cur, token) ? cur[token] : undefined;
}

const index = (token: string, length: number) => (/^(0|[1-9]\d*)$/.test(token) && Number(token) < length ? Number(token) : undefined);
