/**
 * Round trip: encode Swagger JSON to gnostic protobuf, decode it back with a small decoder written here
 * from OpenAPIv2.proto (independent of the encoder's tables), and compare with the input.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse as parseYaml } from 'yaml';
import { encodeOpenAPIv2Protobuf } from './encode.ts';
import { swagger } from '../schema/index.ts';
import type { SwaggerJSON } from './types.ts';

// --- a tiny protobuf decoder ---------------------------------------------------------------------------

type Val = bigint | Buffer;
type Msg = Array<[number, Val]>;

function readVarint(b: Buffer, p: number): [bigint, number] {
  let r = 0n;
  let shift = 0n;
  for (;;) {
    const c = b[p++]!;
    r |= BigInt(c & 0x7f) << shift;
    if (c < 0x80) return [r, p];
    shift += 7n;
  }
}

function decode(b: Buffer): Msg {
  const out: Msg = [];
  let p = 0;
  while (p < b.length) {
    const [key, q] = readVarint(b, p);
    p = q;
    const no = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (wire === 0) {
      const [v, r] = readVarint(b, p);
      out.push([no, v]);
      p = r;
    } else if (wire === 1) {
      out.push([no, b.subarray(p, p + 8)]);
      p += 8;
    } else if (wire === 2) {
      const [len, r] = readVarint(b, p);
      out.push([no, b.subarray(r, r + Number(len))]);
      p = r + Number(len);
    } else throw new Error(`wire type ${wire}`);
  }
  return out;
}

const all = (m: Msg, no: number) => m.filter(([n]) => n === no).map(([, v]) => v);
const one = (m: Msg, no: number) => all(m, no).at(-1);
const str = (m: Msg, no: number) => (one(m, no) as Buffer | undefined)?.toString('utf8');
const strs = (m: Msg, no: number) => all(m, no).map((v) => (v as Buffer).toString('utf8'));
const bool = (m: Msg, no: number) => (one(m, no) === undefined ? undefined : one(m, no) === 1n);
const int = (m: Msg, no: number) => (one(m, no) === undefined ? undefined : Number(BigInt.asIntN(64, one(m, no) as bigint)));
const dbl = (m: Msg, no: number) => (one(m, no) as Buffer | undefined)?.readDoubleLE(0);
const sub = (m: Msg, no: number) => (one(m, no) === undefined ? undefined : decode(one(m, no) as Buffer));
const subs = (m: Msg, no: number) => all(m, no).map((v) => decode(v as Buffer));
/** Any.yaml (field 2), parsed back as kubectl does. */
const anyValue = (m: Msg) => parseYaml(str(m, 2) ?? '');
const named = <T>(m: Msg, no: number, f: (v: Msg) => T): Array<[string, T]> => subs(m, no).map((p) => [str(p, 1) ?? '', f(sub(p, 2) ?? [])]);

function put(o: Record<string, unknown>, k: string, v: unknown): void {
  if (v !== undefined && !(Array.isArray(v) && v.length === 0 && k !== 'enum')) o[k] = v;
}

/** openapi.v2.Schema → JSON, for the fields Kubernetes documents use. */
function schemaJSON(m: Msg): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  put(o, '$ref', str(m, 1));
  put(o, 'format', str(m, 2));
  put(o, 'title', str(m, 3));
  put(o, 'description', str(m, 4));
  if (sub(m, 5)) o.default = anyValue(sub(m, 5)!);
  put(o, 'maximum', dbl(m, 7));
  put(o, 'minimum', dbl(m, 9));
  put(o, 'maxLength', int(m, 11));
  put(o, 'minLength', int(m, 12));
  put(o, 'pattern', str(m, 13));
  put(o, 'maxItems', int(m, 14));
  put(o, 'minItems', int(m, 15));
  put(o, 'uniqueItems', bool(m, 16));
  put(o, 'required', strs(m, 19));
  if (all(m, 20).length) o.enum = subs(m, 20).map(anyValue);
  const ap = sub(m, 21);
  if (ap) o.additionalProperties = one(ap, 2) !== undefined ? bool(ap, 2) : schemaJSON(sub(ap, 1)!);
  const type = sub(m, 22);
  if (type) o.type = strs(type, 1).length === 1 ? strs(type, 1)[0] : strs(type, 1);
  const items = sub(m, 23);
  if (items) o.items = schemaJSON(subs(items, 1)[0]!);
  if (all(m, 24).length) o.allOf = subs(m, 24).map(schemaJSON);
  const props = sub(m, 25);
  if (props) o.properties = Object.fromEntries(named(props, 1, schemaJSON));
  put(o, 'readOnly', bool(m, 27));
  for (const [k, v] of named(m, 31, anyValue)) o[k] = v;
  return o;
}

/** Parameters: JsonReference (2) or Parameter (1) → body (1) / non-body (2 → query 3, path 4). */
function parameterJSON(m: Msg): Record<string, unknown> {
  const ref = sub(m, 2);
  if (ref) return { $ref: str(ref, 1) };
  const p = sub(m, 1) ?? [];
  const body = sub(p, 1);
  if (body) {
    const o: Record<string, unknown> = { in: str(body, 3), name: str(body, 2) };
    put(o, 'description', str(body, 1));
    put(o, 'required', bool(body, 4));
    o.schema = schemaJSON(sub(body, 5) ?? []);
    return o;
  }
  const nb = sub(p, 2) ?? [];
  const [variant, s] = [1, 2, 3, 4].map((n) => [n, sub(nb, n)] as const).find(([, v]) => v)!;
  const shift = variant === 2 || variant === 3 ? 1 : 0; // query/formData have allowEmptyValue = 5
  const o: Record<string, unknown> = { in: str(s!, 2), name: str(s!, 4) };
  put(o, 'description', str(s!, 3));
  put(o, 'required', bool(s!, 1));
  put(o, 'type', str(s!, 5 + shift));
  put(o, 'uniqueItems', bool(s!, 19 + shift));
  return o;
}

function operationJSON(m: Msg): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  put(o, 'tags', strs(m, 1));
  put(o, 'description', str(m, 3));
  put(o, 'operationId', str(m, 5));
  put(o, 'produces', strs(m, 6));
  put(o, 'consumes', strs(m, 7));
  put(o, 'parameters', subs(m, 8).map(parameterJSON));
  const responses = sub(m, 9);
  if (responses) {
    o.responses = Object.fromEntries(
      named(responses, 1, (rv) => {
        const r = sub(rv, 1) ?? [];
        const out: Record<string, unknown> = { description: str(r, 1) };
        const si = sub(r, 2);
        if (si) out.schema = schemaJSON(sub(si, 1) ?? []);
        return out;
      }),
    );
  }
  put(o, 'schemes', strs(m, 10));
  for (const [k, v] of named(m, 13, anyValue)) o[k] = v;
  return o;
}

function documentJSON(buf: Buffer): { swagger?: string; info: Record<string, unknown>; definitions: Record<string, unknown>; paths: Record<string, any>; fields: number[] } {
  const d = decode(buf);
  const info = sub(d, 2) ?? [];
  const paths = sub(d, 8) ?? [];
  return {
    swagger: str(d, 1),
    info: { title: str(info, 1), version: str(info, 2) },
    definitions: Object.fromEntries(named(sub(d, 9) ?? [], 1, schemaJSON)),
    paths: Object.fromEntries(
      named(paths, 2, (pi) => {
        const o: Record<string, unknown> = {};
        ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'].forEach((verb, i) => {
          const op = sub(pi, i + 2);
          if (op) o[verb] = operationJSON(op);
        });
        put(o, 'parameters', subs(pi, 9).map(parameterJSON));
        return o;
      }),
    ),
    fields: d.map(([n]) => n),
  };
}

// --- tests ------------------------------------------------------------------------------------------

const small: SwaggerJSON = {
  swagger: '2.0',
  info: { title: 'Kubernetes', version: 'unversioned' },
  paths: {
    '/apis/example.com/v1/widgets/{name}': {
      get: {
        operationId: 'readWidget',
        parameters: [{ $ref: '#/parameters/pretty' }, { in: 'body', name: 'body', required: true, schema: { $ref: '#/definitions/com.example.v1.Widget' } }],
        responses: { '200': { description: 'OK', schema: { $ref: '#/definitions/com.example.v1.Widget' } }, '401': { description: 'Unauthorized' } },
        'x-kubernetes-action': 'get',
        'x-kubernetes-group-version-kind': { group: 'example.com', kind: 'Widget', version: 'v1' },
      },
      parameters: [{ description: 'name of the Widget', in: 'path', name: 'name', required: true, type: 'string', uniqueItems: true }],
    },
  },
  definitions: {
    'com.example.v1.Widget': {
      description: 'A widget.',
      type: 'object',
      required: ['spec'],
      properties: {
        metadata: { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', description: 'Standard metadata.' },
        spec: {
          type: 'object',
          properties: {
            size: { type: 'integer', format: 'int32', minimum: 1, maximum: 10, description: 'Size.' },
            color: { type: 'string', enum: ['red', 'blue', '1', ''], default: 'red' },
            ratio: { type: 'number', minimum: -0.5 },
            ports: {
              type: 'array',
              items: { type: 'object', properties: { port: { type: 'integer' } } },
              'x-kubernetes-list-map-keys': ['port', 'protocol'],
              'x-kubernetes-list-type': 'map',
              'x-kubernetes-patch-merge-key': 'port',
              'x-kubernetes-patch-strategy': 'merge',
            },
            labels: { type: 'object', additionalProperties: { type: 'string' } },
            closed: { type: 'object', additionalProperties: false },
            anything: { 'x-kubernetes-preserve-unknown-fields': true },
            defaults: { type: 'object', default: { a: [1, 'two', null, true], 'b c': { d: 'e: f' } } },
            note: { type: 'string', default: 'line one\nline two\n' },
          },
        },
      },
      'x-kubernetes-group-version-kind': [{ group: 'example.com', kind: 'Widget', version: 'v1' }],
    },
  },
};

describe('encodeOpenAPIv2Protobuf', () => {
  it('round-trips definitions with refs, vendor extensions, enums, defaults and additionalProperties', () => {
    const back = documentJSON(encodeOpenAPIv2Protobuf(small));
    assert.equal(back.swagger, '2.0');
    assert.deepEqual(back.info, { title: 'Kubernetes', version: 'unversioned' });
    assert.deepEqual(back.definitions, small.definitions);
  });

  it('round-trips paths: operations, $ref and inline parameters, responses, operation extensions', () => {
    const back = documentJSON(encodeOpenAPIv2Protobuf(small));
    assert.deepEqual(back.paths, small.paths);
  });

  it('writes fields in field-number order and omits proto3 zero values', () => {
    const buf = encodeOpenAPIv2Protobuf(small);
    assert.deepEqual(documentJSON(buf).fields, [1, 2, 8, 9]);
    const zero = encodeOpenAPIv2Protobuf({ definitions: { X: { type: 'integer', minimum: 0, maxLength: 0, uniqueItems: false, description: '' } } });
    const schema = decode(decode(decode(decode(zero)[0]![1] as Buffer)[0]![1] as Buffer)[1]![1] as Buffer);
    assert.deepEqual(schema.map(([n]) => n), [22]); // only the type
  });

  it('stores vendor extensions as NamedAny with yaml.v3 text', () => {
    const buf = encodeOpenAPIv2Protobuf({ definitions: { X: { 'x-kubernetes-group-version-kind': [{ group: '', kind: 'Pod', version: 'v1' }], 'x-kubernetes-patch-strategy': 'merge' } } });
    const schema = decode(decode(decode(decode(buf)[0]![1] as Buffer)[0]![1] as Buffer)[1]![1] as Buffer);
    const ext = subs(schema, 31).map((p) => [str(p, 1), str(sub(p, 2)!, 2)]);
    assert.deepEqual(ext, [
      ['x-kubernetes-group-version-kind', '- group: ""\n  kind: Pod\n  version: v1\n'],
      ['x-kubernetes-patch-strategy', 'merge\n'],
    ]);
  });

  it('round-trips every definition and path of the upstream built-in document', () => {
    const doc = swagger() as unknown as SwaggerJSON;
    const back = documentJSON(encodeOpenAPIv2Protobuf(doc));
    assert.equal(Object.keys(back.definitions).length, Object.keys(doc.definitions!).length);
    assert.deepEqual(Object.keys(back.definitions), Object.keys(doc.definitions!));
    for (const [name, def] of Object.entries(doc.definitions!)) assert.deepEqual(back.definitions[name], def, name);
    const deployment = '/apis/apps/v1/namespaces/{namespace}/deployments/{name}';
    const item = doc.paths![deployment]!;
    assert.deepEqual(back.paths[deployment].get, item.get);
    assert.deepEqual(back.paths[deployment].parameters, item.parameters);
    assert.equal(Object.keys(back.paths).length, Object.keys(doc.paths!).length);
  });

  it('encodes a document again from memoized parts to the same bytes', () => {
    const doc = swagger() as unknown as SwaggerJSON;
    const a = encodeOpenAPIv2Protobuf(doc);
    const b = encodeOpenAPIv2Protobuf({ ...doc, definitions: { ...doc.definitions } });
    assert.ok(a.equals(b));
  });
});
