// One-off generator for descriptors.generated.ts.
//
//   node --import tsx src/apiserver/protobuf/gen-descriptors.ts [kubectl-binary]
//
// Why a kubectl binary and not .proto text: every Go program linking
// k8s.io/api registers the gzipped FileDescriptorProto of each
// generated.proto (gogo's `fileDescriptor_xxx`). Those descriptors still carry
// the gogoproto options that go-to-protobuf stripped from the published .proto
// files, in particular `(gogoproto.nullable) = false`, which is the only way to
// tell a Go pointer field (`*int32 replicas`: a present 0 means "set to 0")
// from a plain one (always written by gogo, so a 0 there just means "unset").
// Field numbers and names are identical to kubernetes/api generated.proto.
//
// The same binary's reflect metadata yields the Go struct tags (gen-gotags.ts):
// exact JSON names, `,inline` embeds (Volume.volumeSource, Probe.handler) and
// `,omitempty` (whether Go's JSON prints a zero scalar, e.g. PriorityClass
// value: 0). The OpenAPI document (schemas/kubernetes-swagger.json) supplies
// the group/version/kind -> message mapping, is the fallback where tags are
// ambiguous, and every JSON name is cross-checked against its properties.

import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, constants } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { readFields } from './wire.ts';
import { extractGoStructs, structKey } from './gen-gotags.ts';

interface ProtoField {
  name: string;
  number: number;
  repeated: boolean;
  type: number; // FieldDescriptorProto.Type
  typeName?: string; // ".k8s.io.api.core.v1.PodSpec"
  nullable: boolean; // gogoproto.nullable, default true => Go pointer
}
interface ProtoMessage {
  full: string; // without the leading dot
  fields: ProtoField[];
  mapEntry: boolean;
}

const SCALARS: Record<number, string> = {
  1: 'double', 2: 'float', 3: 'int64', 4: 'uint64', 5: 'int32', 6: 'fixed64', 7: 'fixed32',
  8: 'bool', 9: 'string', 12: 'bytes', 13: 'uint32', 15: 'sfixed32', 16: 'sfixed64',
  17: 'sint32', 18: 'sint64',
};

// Types whose Go JSON form is not "an object of its fields"; decode.ts knows them by name.
const SPECIAL = new Set([
  'meta.v1.Time', 'meta.v1.MicroTime', 'meta.v1.Duration', 'meta.v1.FieldsV1',
  'resource.Quantity', 'intstr.IntOrString', 'runtime.RawExtension',
]);

/** Short, readable message keys: "core.v1.Pod", "meta.v1.ObjectMeta". */
export function shortName(full: string): string {
  return full
    .replace(/^\./, '')
    .replace(/^k8s\.io\.apimachinery\.pkg\.apis\.meta\./, 'meta.')
    .replace(/^k8s\.io\.apimachinery\.pkg\.api\.resource\./, 'resource.')
    .replace(/^k8s\.io\.apimachinery\.pkg\.util\.intstr\./, 'intstr.')
    .replace(/^k8s\.io\.apimachinery\.pkg\.runtime\./, 'runtime.')
    .replace(/^k8s\.io\.api\./, '');
}

const utf8 = (b: Buffer): string => b.toString('utf8');

function parseMessage(buf: Buffer, prefix: string, out: Map<string, ProtoMessage>): void {
  let name = '';
  let mapEntry = false;
  const fields: ProtoField[] = [];
  const nested: Buffer[] = [];
  for (const f of readFields(buf)) {
    if (f.wire !== 2) continue;
    if (f.num === 1) name = utf8(f.value);
    else if (f.num === 3) nested.push(f.value);
    else if (f.num === 7) {
      for (const o of readFields(f.value)) if (o.num === 7 && o.wire === 0) mapEntry = o.value === 1n;
    } else if (f.num === 2) {
      const fd: ProtoField = { name: '', number: 0, repeated: false, type: 0, nullable: true };
      for (const g of readFields(f.value)) {
        if (g.wire === 2 && g.num === 1) fd.name = utf8(g.value);
        else if (g.wire === 0 && g.num === 3) fd.number = Number(g.value);
        else if (g.wire === 0 && g.num === 4) fd.repeated = g.value === 3n;
        else if (g.wire === 0 && g.num === 5) fd.type = Number(g.value);
        else if (g.wire === 2 && g.num === 6) fd.typeName = utf8(g.value);
        else if (g.wire === 2 && g.num === 8) {
          for (const o of readFields(g.value)) if (o.num === 65001 && o.wire === 0) fd.nullable = o.value !== 0n;
        }
      }
      fields.push(fd);
    }
  }
  const full = `${prefix}.${name}`;
  out.set(full, { full, fields, mapEntry });
  for (const n of nested) parseMessage(n, full, out);
}

/** Finds every gzipped k8s.io FileDescriptorProto embedded in a Go binary. */
export function extractDescriptors(bin: Buffer): Map<string, ProtoMessage> {
  const magic = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0]);
  const messages = new Map<string, ProtoMessage>();
  for (let i = bin.indexOf(magic); i >= 0; i = bin.indexOf(magic, i + 1)) {
    let fd: Buffer;
    try {
      fd = gunzipSync(bin.subarray(i, i + (1 << 20)), { finishFlush: constants.Z_SYNC_FLUSH });
    } catch {
      continue;
    }
    try {
      const top = readFields(fd);
      const file = top.find((f) => f.num === 1 && f.wire === 2);
      if (!file || !utf8(file.value as Buffer).startsWith('k8s.io/')) continue;
      const pkg = top.find((f) => f.num === 2 && f.wire === 2);
      for (const f of top) if (f.num === 4 && f.wire === 2) parseMessage(f.value, utf8(pkg!.value as Buffer), messages);
    } catch {
      // gzip data that is not a descriptor
    }
  }
  return messages;
}

interface SwaggerDef {
  properties?: Record<string, unknown>;
  required?: string[];
  'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[];
}

function main(): void {
  const here = dirname(fileURLToPath(import.meta.url));
  const binPath = process.argv[2] ?? '/usr/lib/google-cloud-sdk/bin/kubectl.1.33';
  const swagger = JSON.parse(readFileSync(join(here, '../../../schemas/kubernetes-swagger.json'), 'utf8')) as {
    definitions: Record<string, SwaggerDef>;
  };
  const bin = readFileSync(binPath);
  const protos = extractDescriptors(bin);
  const goStructs = extractGoStructs(bin);
  const defOf = (full: string): SwaggerDef | undefined => swagger.definitions[`io.${full.replace(/^k8s\.io\./, 'k8s.')}`];

  // Kinds: every served GA group/version kind whose message the client knows.
  const kinds = new Map<string, string>();
  for (const [defName, def] of Object.entries(swagger.definitions)) {
    const full = defName.replace(/^io\.k8s\./, 'k8s.io.');
    if (!protos.has(full)) continue;
    for (const g of def['x-kubernetes-group-version-kind'] ?? []) {
      if (/alpha|beta/.test(g.version)) continue;
      kinds.set(`${g.group ? `${g.group}/` : ''}${g.version}/${g.kind}`, full);
    }
  }

  const warnings: string[] = [];
  // An embedded struct is JSON-inlined when its (possibly themselves inlined)
  // fields are properties of the outer definition (Probe.handler -> exec, ...).
  const inlinedInto = (sub: ProtoMessage, props: Set<string>, seen: Set<string>): boolean =>
    sub.fields.every((sf) => {
      if (props.has(sf.name)) return seen.add(sf.name);
      const inner = sf.type === 11 ? protos.get(sf.typeName!.slice(1)) : undefined;
      return inner !== undefined && inlinedInto(inner, props, seen);
    });
  const isStringSlice = (m: ProtoMessage): boolean =>
    m.fields.length === 1 && m.fields[0]!.name === 'items' && m.fields[0]!.repeated && m.fields[0]!.type === 9;

  const lines: string[] = [];
  const done = new Set<string>();
  const queue = [...new Set(kinds.values())];
  const typeOf = (f: ProtoField): { type: string; map: boolean } => {
    if (f.type !== 11) return { type: SCALARS[f.type]!, map: false };
    const target = protos.get(f.typeName!.slice(1));
    if (!target) throw new Error(`unknown type ${f.typeName}`);
    if (target.mapEntry) {
      const [k, v] = target.fields;
      if (k!.type !== 9) throw new Error(`${target.full}: non-string map key`);
      return { type: typeOf(v!).type, map: true };
    }
    if (isStringSlice(target)) return { type: '[]string', map: false };
    const short = shortName(target.full);
    if (!SPECIAL.has(short)) queue.push(target.full);
    return { type: short, map: false };
  };

  while (queue.length) {
    const full = queue.shift()!;
    if (done.has(full)) continue;
    done.add(full);
    const msg = protos.get(full)!;
    const def = defOf(full);
    const props = new Set(Object.keys(def?.properties ?? {}));
    const required = new Set(def?.required ?? []);
    const seen = new Set<string>();
    const entries: string[] = [];
    const goFields = goStructs.get(structKey(msg.fields.map((f) => [f.number, f.name])));
    if (!goFields && !msg.mapEntry) warnings.push(`${full}: no Go struct tags found, using OpenAPI`);
    for (const f of [...msg.fields].sort((a, b) => a.number - b.number)) {
      const { type, map } = typeOf(f);
      let flags = '';
      if (f.repeated && !map) flags += 'r';
      if (map) flags += 'm';
      if (f.nullable && !f.repeated && f.type !== 11 && f.type !== 12) flags += 'p';
      const go = goFields?.get(f.number);
      let json: string;
      if (go) {
        json = go.json;
        if (go.inline) flags += 'i';
        if (!go.omitempty && !f.nullable && !f.repeated && f.type !== 11) flags += 'z';
        if (def && !go.inline && !props.has(json)) warnings.push(`${full}.${f.name}: Go json name ${json} not in OpenAPI`);
      } else {
        if (goFields && (f.type !== 11 || !def?.properties?.[f.name])) warnings.push(`${full}.${f.name}: Go tag variants disagree, using OpenAPI`);
        // No Go tags recovered: fall back to OpenAPI. go-to-protobuf names a
        // proto field after the json tag unless it had to mangle the Go name.
        json = f.name;
        if (def && !props.has(json)) json = [...props].find((p) => p.toLowerCase() === json.toLowerCase()) ?? json;
        if (def && !props.has(json)) {
          const sub = f.type === 11 ? protos.get(f.typeName!.slice(1)) : undefined;
          if (sub && inlinedInto(sub, props, seen)) flags += 'i';
          else warnings.push(`${full}.${f.name}: not in OpenAPI`);
        }
        if (required.has(json) && !f.nullable && !f.repeated && f.type !== 11) flags += 'z';
      }
      if (flags.includes('i')) {
        const sub = protos.get(f.typeName!.slice(1));
        if (def && sub && !inlinedInto(sub, props, seen)) warnings.push(`${full}.${f.name}: inlined fields not in OpenAPI`);
      }
      seen.add(json);
      entries.push(`${f.number}: [${JSON.stringify(json)}, ${JSON.stringify(type)}${flags ? `, ${JSON.stringify(flags)}` : ''}]`);
    }
    for (const p of props) if (!seen.has(p) && p !== 'apiVersion' && p !== 'kind') warnings.push(`${full}: OpenAPI property ${p} has no proto field (newer than the descriptors?)`);
    lines.push(`  ${JSON.stringify(shortName(full))}: { ${entries.join(', ')} },`);
  }
  lines.sort();

  const kindLines = [...kinds].sort().map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(shortName(v))},`);
  const src = `// GENERATED by gen-descriptors.ts from the protobuf descriptors embedded in
// ${binPath.split('/').pop()} (k8s.io/api + apimachinery generated.proto) and its Go struct
// tags, cross-checked against schemas/kubernetes-swagger.json. Do not edit by
// hand; re-run: node --import tsx src/apiserver/protobuf/gen-descriptors.ts
//
// MESSAGES[name][fieldNumber] = [jsonName, type, flags]
//   type: a proto scalar name, "[]string" (Go slice alias such as ExtraValue),
//         or another message name (special JSON types are handled in decode.ts)
//   flags: r = repeated, m = map<string, type>, p = Go pointer (a present zero
//          value is meaningful), i = embedded struct whose fields JSON-inlines,
//          z = no omitempty (Go emits the zero value)

export type FieldDesc = readonly [json: string, type: string, flags?: string];

/** "group/version/Kind" (core: "v1/Kind") -> message name. */
export const KINDS: Readonly<Record<string, string>> = {
${kindLines.join('\n')}
};

export const MESSAGES: Readonly<Record<string, Readonly<Record<number, FieldDesc>>>> = {
${lines.join('\n')}
};
`;
  writeFileSync(join(here, 'descriptors.generated.ts'), src);
  for (const w of warnings) console.warn(`warning: ${w}`);
  console.log(`${kinds.size} kinds, ${lines.length} messages`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
