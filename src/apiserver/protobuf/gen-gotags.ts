// Generator helper: recovers Go struct tags of the k8s API types from a Go
// binary's reflect metadata, because `json:",omitempty"` (does Go's JSON emit
// a zero scalar?) and `json:",inline"` exist nowhere else in machine-readable
// form: the protobuf descriptors lack them, and OpenAPI `required` is sparse.
//
// Layout relied upon (Go >= 1.17, amd64, non-PIE ELF):
//  - a field's name+tag is a "namedata" blob: flags byte (bit 1 = has tag),
//    varint len, name, varint len, tag;
//  - a struct type's fields are an array of {name *namedata, typ, offset},
//    24 bytes apart, in declaration order.
// A struct is matched to its proto message by the set of (field number,
// proto name) pairs in its protobuf tags; go-to-protobuf derives both.

export interface GoField {
  json: string; // "" for `json:",inline"`
  omitempty: boolean;
  inline: boolean;
}

/** key (see structKey) -> field number -> tag facts; fields whose variants disagree are absent. */
export type GoStructs = Map<string, Map<number, GoField>>;

export const structKey = (pairs: [number, string][]): string =>
  pairs.map(([n, name]) => `${n}:${name}`).sort().join(' ');

interface Tagged {
  num: number;
  protoName: string;
  field: GoField;
}

function parseTag(tag: string): Tagged | undefined {
  const pb = /protobuf:"[a-z0-9]+,(\d+),[^"]*?name=([A-Za-z0-9_]+)/.exec(tag);
  const js = /json:"([^",]*)((?:,[a-z]+)*)"/.exec(tag);
  if (!pb || !js) return undefined;
  const opts = js[2]!.split(',');
  return {
    num: Number(pb[1]),
    protoName: pb[2]!,
    field: { json: js[1]!, omitempty: opts.includes('omitempty'), inline: opts.includes('inline') },
  };
}

function loadSegments(bin: Buffer): { off: number; vaddr: number; size: number }[] {
  if (bin.readUInt32BE(0) !== 0x7f454c46 || bin[4] !== 2) throw new Error('not a 64-bit ELF binary');
  const phoff = Number(bin.readBigUInt64LE(0x20));
  const size = bin.readUInt16LE(0x36);
  const segs = [];
  for (let i = 0; i < bin.readUInt16LE(0x38); i++) {
    const p = phoff + i * size;
    if (bin.readUInt32LE(p) !== 1) continue; // PT_LOAD
    segs.push({ off: Number(bin.readBigUInt64LE(p + 8)), vaddr: Number(bin.readBigUInt64LE(p + 16)), size: Number(bin.readBigUInt64LE(p + 32)) });
  }
  return segs;
}

/** A namedata blob whose tag text begins at `start`, if the bytes before it fit. */
function namedataEndingAt(bin: Buffer, start: number): { offset: number; tagged: Tagged } | undefined {
  // The tag is preceded by its varint length (1 or 2 bytes), then the name.
  for (const vl of [1, 2]) {
    const tagLen = vl === 1 ? bin[start - 1]! : (bin[start - 2]! & 0x7f) | (bin[start - 1]! << 7);
    if (vl === 1 && tagLen & 0x80) continue;
    if (vl === 2 && (!(bin[start - 2]! & 0x80) || bin[start - 1]! & 0x80)) continue;
    const tagged = parseTag(bin.subarray(start, start + tagLen).toString('latin1'));
    if (!tagged) continue;
    const nameEnd = start - vl;
    for (let len = 1; len < 100; len++) {
      const lb = nameEnd - len - 1;
      if (bin[lb] !== len || !(bin[lb - 1]! & 2)) continue;
      if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(bin.subarray(lb + 1, nameEnd).toString('latin1'))) return { offset: lb - 1, tagged };
    }
  }
  return undefined;
}

/** Finds namedata blobs whose tag has a protobuf key; returns vaddr -> parsed tag. */
function findTaggedNames(bin: Buffer): Map<number, Tagged> {
  const segs = loadSegments(bin);
  const toVaddr = (off: number): number => {
    const s = segs.find((x) => off >= x.off && off < x.off + x.size);
    return s ? off - s.off + s.vaddr : -1;
  };
  const out = new Map<number, Tagged>();
  const needle = Buffer.from('protobuf:"');
  for (let i = bin.indexOf(needle); i >= 0; i = bin.indexOf(needle, i + 1)) {
    // The tag usually starts with json:"…", sometimes with protobuf:"…" itself.
    const j = bin.lastIndexOf('json:"', i);
    for (const start of j >= 0 && i - j < 400 ? [j, i] : [i]) {
      const found = namedataEndingAt(bin, start);
      if (found) {
        out.set(toVaddr(found.offset), found.tagged);
        break;
      }
    }
  }
  return out;
}

export function extractGoStructs(bin: Buffer): GoStructs {
  const names = findTaggedNames(bin);
  // Runs of 8-byte words pointing at tagged names, 24 bytes apart (an
  // untagged field such as TypeMeta may sit in between), are struct fields.
  const runs: Tagged[][] = [];
  let run: Tagged[] = [];
  let last = -1e9;
  for (let o = 0; o + 8 <= bin.length; o += 8) {
    if (bin.readUInt32LE(o + 4) !== 0) continue;
    const t = names.get(bin.readUInt32LE(o));
    if (!t) continue;
    if (o - last > 48 || (o - last) % 24 !== 0) {
      if (run.length) runs.push(run);
      run = [];
    }
    run.push(t);
    last = o;
  }
  if (run.length) runs.push(run);

  // Identically-numbered structs (Pod/Deployment {metadata, spec, status},
  // v1 vs v1beta1 twins) share a key; a field is kept only where they agree.
  const variants = new Map<string, Map<number, Set<string>>>();
  for (const r of runs) {
    const key = structKey(r.map((t) => [t.num, t.protoName]));
    const byNum = variants.get(key) ?? new Map<number, Set<string>>();
    variants.set(key, byNum);
    for (const t of r) byNum.set(t.num, (byNum.get(t.num) ?? new Set()).add(JSON.stringify(t.field)));
  }
  const out: GoStructs = new Map();
  for (const [key, byNum] of variants) {
    const fields = new Map<number, GoField>();
    for (const [num, set] of byNum) if (set.size === 1) fields.set(num, JSON.parse([...set][0]!) as GoField);
    out.set(key, fields);
  }
  return out;
}
