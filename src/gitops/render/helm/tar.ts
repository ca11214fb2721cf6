/**
 * A small reader for gzipped tar archives (Helm chart packages): ustar and GNU headers, pax `path` records and
 * GNU long names; regular files only (directories, links and devices are skipped). Bounded: at most
 * `maxBytes` of content and `maxFiles` entries, as Helm's loader bounds chart archives.
 */
import { gunzipSync, gzipSync } from 'node:zlib';

export interface TarEntry {
  name: string;
  data: Buffer;
}

export function untarGz(archive: Buffer, limits: { maxBytes?: number; maxFiles?: number } = {}): TarEntry[] {
  const maxBytes = limits.maxBytes ?? 100 * 1024 * 1024;
  let raw: Buffer;
  try {
    raw = gunzipSync(archive, { maxOutputLength: maxBytes + 1024 * 1024 });
  } catch (e) {
    throw new Error(`not a gzip archive: ${(e as Error).message}`);
  }
  return untar(raw, limits.maxFiles ?? 10_000);
}

export function untar(buf: Buffer, maxFiles = 10_000): TarEntry[] {
  const out: TarEntry[] = [];
  let off = 0;
  let longName: string | undefined;
  let paxPath: string | undefined;
  while (off + 512 <= buf.length) {
    const h = buf.subarray(off, off + 512);
    if (h.every((b) => b === 0)) break;
    const str = (a: number, n: number) => {
      const s = h.subarray(a, a + n);
      const z = s.indexOf(0);
      return s.subarray(0, z < 0 ? n : z).toString('utf8');
    };
    const size = parseOctal(h.subarray(124, 136));
    const type = String.fromCharCode(h[156] || 48);
    const magic = str(257, 6);
    let name = str(0, 100);
    if (magic.startsWith('ustar')) {
      const prefix = str(345, 155);
      if (prefix) name = `${prefix}/${name}`;
    }
    const dataStart = off + 512;
    const data = buf.subarray(dataStart, dataStart + size);
    off = dataStart + Math.ceil(size / 512) * 512;
    if (type === 'L') {
      longName = data.toString('utf8').replace(/\0+$/, '');
      continue;
    }
    if (type === 'x') {
      paxPath = parsePax(data).path ?? paxPath;
      continue;
    }
    if (type === 'g') continue;
    const fullName = paxPath ?? longName ?? name;
    longName = undefined;
    paxPath = undefined;
    if (type !== '0' && type !== '\0' && type !== '7') continue;
    out.push({ name: fullName, data: Buffer.from(data) });
    if (out.length > maxFiles) throw new Error(`archive has more than ${maxFiles} files`);
  }
  return out;
}

function parseOctal(b: Buffer): number {
  if (b[0]! & 0x80) {
    // base-256 (GNU) for large sizes
    let n = 0;
    for (let i = 1; i < b.length; i++) n = n * 256 + b[i]!;
    return n;
  }
  const s = b.toString('ascii').replace(/\0.*$/, '').trim();
  return s ? parseInt(s, 8) : 0;
}

function parsePax(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < data.length) {
    const sp = data.indexOf(0x20, i);
    if (sp < 0) break;
    const len = Number(data.subarray(i, sp).toString());
    if (!len) break;
    const rec = data.subarray(sp + 1, i + len - 1).toString('utf8');
    const eq = rec.indexOf('=');
    if (eq > 0) out[rec.slice(0, eq)] = rec.slice(eq + 1);
    i += len;
  }
  return out;
}

/** A gzipped ustar archive of `files` (for tests and for caching fetched charts). */
export function tarGz(files: TarEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const f of files) {
    const h = Buffer.alloc(512);
    let name = f.name;
    let prefix = '';
    if (Buffer.byteLength(name) > 100) {
      const cut = name.lastIndexOf('/', 154);
      prefix = name.slice(0, cut);
      name = name.slice(cut + 1);
    }
    h.write(name, 0, 100, 'utf8');
    h.write('0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(f.data.length.toString(8).padStart(11, '0') + '\0', 124);
    h.write('00000000000\0', 136);
    h.write('        ', 148);
    h.write('0', 156);
    h.write('ustar\x0000', 257, 'binary');
    h.write(prefix, 345, 155, 'utf8');
    let sum = 0;
    for (const b of h) sum += b;
    h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
    blocks.push(h, f.data, Buffer.alloc((512 - (f.data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}
