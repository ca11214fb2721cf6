/**
 * OpenAPI v2 JSON → gnostic's `openapi.v2.Document` protobuf, byte for byte what a Kubernetes API server
 * sends for `/openapi/v2` with `Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf`
 * (kube-openapi's `ToProtoBinary`: gnostic `ParseDocument` = `NewDocument(yaml node)`, then `proto.Marshal`).
 * kubectl ≤ 1.27 reads `explain` and apply patch metadata from it.
 *
 * Message layouts and field numbers are those of google/gnostic openapiv2/OpenAPIv2.proto (checked against
 * the descriptor compiled into kubectl). gnostic's mapping rules reproduced here:
 * - `x-…` keys become `NamedAny` vendor extensions whose `Any.yaml` is the value printed by yaml.v3;
 *   `default`, `example` and `enum` entries are `Any`s the same way;
 * - maps (definitions, properties, paths, responses…) become repeated `Named…` pairs in document order;
 * - oneof wrappers pick their variant the way gnostic's matchers do (`$ref` → JsonReference, `in: body` →
 *   BodyParameter, `in` selects the non-body sub-schema, a boolean additionalProperties → `boolean`);
 * - string fields also take integers (gnostic reads `!!int` scalars as strings), int64 fields integers only.
 * Keys gnostic would reject are skipped rather than failing the whole document.
 */
import { Writer } from './wire.ts';
import { goYAML } from './goyaml.ts';
import type { SwaggerJSON } from './types.ts';

type Obj = Record<string, unknown>;
/** Writes the fields of one message, read from a JSON value, into `w`. */
type Enc = (w: Writer, v: unknown) => void;

type Field =
  | readonly ['s' | 'b' | 'd' | 'i' | 'ss' | 'any' | 'anys', string, number]
  | readonly ['m' | 'ms', string, number, () => Enc]
  | readonly ['x', number];

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const has = (o: Obj, k: string) => Object.prototype.hasOwnProperty.call(o, k) && o[k] !== undefined;

/** gnostic's StringForScalarNode: strings, integers (as written), null as "". */
function scalarString(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return String(v);
  if (v === null) return '';
  return undefined;
}

function anyMessage(v: unknown): Writer {
  const w = new Writer();
  w.string(2, goYAML(v));
  return w;
}

function sub(enc: Enc, v: unknown): Writer {
  const w = new Writer();
  enc(w, v);
  return w;
}

/** A `Named…` pair: name = 1, value = 2. */
function named(name: string, value: Writer): Writer {
  const w = new Writer();
  w.string(1, name);
  w.message(2, value);
  return w;
}

function vendorExtensions(w: Writer, no: number, o: Obj): void {
  for (const [k, v] of Object.entries(o)) {
    if (v !== undefined && k.startsWith('x-')) w.message(no, named(k, anyMessage(v)));
  }
}

/** A message described field by field, in field-number order. */
function message(spec: readonly Field[]): Enc {
  return (w, v) => {
    if (!isObj(v)) return;
    for (const f of spec) {
      if (f[0] === 'x') {
        vendorExtensions(w, f[1], v);
        continue;
      }
      const [kind, key, no] = f;
      if (!has(v, key)) continue;
      const x = v[key];
      switch (kind) {
        case 's': {
          const s = scalarString(x);
          if (s !== undefined) w.string(no, s);
          break;
        }
        case 'b':
          if (typeof x === 'boolean') w.bool(no, x);
          break;
        case 'd':
          if (typeof x === 'number') w.double(no, x);
          break;
        case 'i':
          if (typeof x === 'number' && Number.isInteger(x)) w.int64(no, x);
          break;
        case 'ss':
          if (Array.isArray(x)) for (const e of x) {
            const s = scalarString(e);
            if (s !== undefined) w.repeatedString(no, s);
          }
          break;
        case 'any':
          w.message(no, anyMessage(x));
          break;
        case 'anys':
          if (Array.isArray(x)) for (const e of x) w.message(no, anyMessage(e));
          break;
        case 'm':
          w.message(no, sub(f[3](), x));
          break;
        case 'ms':
          if (Array.isArray(x)) for (const e of x) w.message(no, sub(f[3](), e));
          break;
      }
    }
  };
}

/** A map-like message: every key as a `Named…` pair in field 1. */
const namedMap = (valueEnc: () => Enc): Enc => (w, v) => {
  if (!isObj(v)) return;
  for (const [k, x] of Object.entries(v)) if (x !== undefined) w.message(1, named(k, sub(valueEnc(), x)));
};

/**
 * Encoded definitions and path items by object identity. Per-cluster documents share the built-in
 * document's objects (never mutated), so only their CRD parts are encoded again; a Writer is immutable
 * once built and can be nested into any number of parents.
 */
const memo = new WeakMap<object, Writer>();
function memoized(enc: Enc, v: unknown): Writer {
  if (!isObj(v)) return sub(enc, v);
  let w = memo.get(v);
  if (!w) {
    w = sub(enc, v);
    memo.set(v, w);
  }
  return w;
}

// --- messages -----------------------------------------------------------------------------------------

const ExternalDocs: Enc = message([['s', 'description', 1], ['s', 'url', 2], ['x', 3]]);
const Contact: Enc = message([['s', 'name', 1], ['s', 'url', 2], ['s', 'email', 3], ['x', 4]]);
const License: Enc = message([['s', 'name', 1], ['s', 'url', 2], ['x', 3]]);
const Info: Enc = message([
  ['s', 'title', 1], ['s', 'version', 2], ['s', 'description', 3], ['s', 'termsOfService', 4],
  ['m', 'contact', 5, () => Contact], ['m', 'license', 6, () => License], ['x', 7],
]);
const Tag: Enc = message([['s', 'name', 1], ['s', 'description', 2], ['m', 'externalDocs', 3, () => ExternalDocs], ['x', 4]]);
const Xml: Enc = message([['s', 'name', 1], ['s', 'namespace', 2], ['s', 'prefix', 3], ['b', 'attribute', 4], ['b', 'wrapped', 5], ['x', 6]]);
const JsonReference: Enc = message([['s', '$ref', 1], ['s', 'description', 2]]);

const Schema: Enc = message([
  ['s', '$ref', 1], ['s', 'format', 2], ['s', 'title', 3], ['s', 'description', 4], ['any', 'default', 5],
  ['d', 'multipleOf', 6], ['d', 'maximum', 7], ['b', 'exclusiveMaximum', 8], ['d', 'minimum', 9], ['b', 'exclusiveMinimum', 10],
  ['i', 'maxLength', 11], ['i', 'minLength', 12], ['s', 'pattern', 13], ['i', 'maxItems', 14], ['i', 'minItems', 15],
  ['b', 'uniqueItems', 16], ['i', 'maxProperties', 17], ['i', 'minProperties', 18], ['ss', 'required', 19], ['anys', 'enum', 20],
  ['m', 'additionalProperties', 21, () => AdditionalPropertiesItem], ['m', 'type', 22, () => TypeItem],
  ['m', 'items', 23, () => ItemsItem], ['ms', 'allOf', 24, () => Schema], ['m', 'properties', 25, () => Properties],
  ['s', 'discriminator', 26], ['b', 'readOnly', 27], ['m', 'xml', 28, () => Xml], ['m', 'externalDocs', 29, () => ExternalDocs],
  ['any', 'example', 30], ['x', 31],
]);

/** `type: string` or `type: [a, b]` → TypeItem.value. */
const TypeItem: Enc = (w, v) => {
  for (const t of Array.isArray(v) ? v : [v]) {
    if (t === null || typeof t !== 'object') w.repeatedString(1, t === null ? 'null' : String(t));
  }
};
/** gnostic reads `items` as one schema (a list of schemas is accepted here too). */
const ItemsItem: Enc = (w, v) => {
  for (const s of Array.isArray(v) ? v : [v]) w.message(1, sub(Schema, s));
};
const AdditionalPropertiesItem: Enc = (w, v) => {
  if (typeof v === 'boolean') w.bool(2, v, true); // a set oneof is written even when false
  else if (isObj(v)) w.message(1, sub(Schema, v));
};
const Properties: Enc = namedMap(() => Schema);
const Definitions: Enc = (w, v) => {
  if (!isObj(v)) return;
  for (const [k, x] of Object.entries(v)) if (x !== undefined) w.message(1, named(k, memoized(Schema, x)));
};

const FILE_SCHEMA_KEYS = new Set(['default', 'description', 'example', 'externalDocs', 'format', 'readOnly', 'required', 'title', 'type']);
const FileSchema: Enc = message([
  ['s', 'format', 1], ['s', 'title', 2], ['s', 'description', 3], ['any', 'default', 4], ['ss', 'required', 5],
  ['s', 'type', 6], ['b', 'readOnly', 7], ['m', 'externalDocs', 8, () => ExternalDocs], ['any', 'example', 9], ['x', 10],
]);
/** gnostic tries Schema, then FileSchema; the later match (a `type: file` schema) wins. */
const SchemaItem: Enc = (w, v) => {
  if (!isObj(v)) return;
  const file = v.type === 'file' && Object.keys(v).every((k) => FILE_SCHEMA_KEYS.has(k) || k.startsWith('x-'));
  if (file) w.message(2, sub(FileSchema, v));
  else w.message(1, sub(Schema, v));
};

/** Validation keywords shared by non-body parameters, headers and primitive items, numbered from `base`. */
function primitiveFields(base: number): Field[] {
  return [
    ['m', 'items', base, () => PrimitivesItems], ['s', 'collectionFormat', base + 1], ['any', 'default', base + 2],
    ['d', 'maximum', base + 3], ['b', 'exclusiveMaximum', base + 4], ['d', 'minimum', base + 5], ['b', 'exclusiveMinimum', base + 6],
    ['i', 'maxLength', base + 7], ['i', 'minLength', base + 8], ['s', 'pattern', base + 9], ['i', 'maxItems', base + 10],
    ['i', 'minItems', base + 11], ['b', 'uniqueItems', base + 12], ['anys', 'enum', base + 13], ['d', 'multipleOf', base + 14],
  ];
}
const PrimitivesItems: Enc = message([['s', 'type', 1], ['s', 'format', 2], ...primitiveFields(3), ['x', 18]]);
const Header: Enc = message([['s', 'type', 1], ['s', 'format', 2], ...primitiveFields(3), ['s', 'description', 18], ['x', 19]]);
const HEAD: Field[] = [['b', 'required', 1], ['s', 'in', 2], ['s', 'description', 3], ['s', 'name', 4]];
/** Header and path parameters share a layout; query and form-data ones add allowEmptyValue = 5. */
const HeaderOrPathParameter: Enc = message([...HEAD, ['s', 'type', 5], ['s', 'format', 6], ...primitiveFields(7), ['x', 22]]);
const QueryOrFormDataParameter: Enc = message([...HEAD, ['b', 'allowEmptyValue', 5], ['s', 'type', 6], ['s', 'format', 7], ...primitiveFields(8), ['x', 23]]);
const NON_BODY: Record<string, [number, Enc]> = {
  header: [1, HeaderOrPathParameter],
  formData: [2, QueryOrFormDataParameter],
  query: [3, QueryOrFormDataParameter],
  path: [4, HeaderOrPathParameter],
};
const NonBodyParameter: Enc = (w, v) => {
  const m = isObj(v) && typeof v.in === 'string' ? NON_BODY[v.in] : undefined;
  if (m) w.message(m[0], sub(m[1], v));
};
const BodyParameter: Enc = message([['s', 'description', 1], ['s', 'name', 2], ['s', 'in', 3], ['b', 'required', 4], ['m', 'schema', 5, () => Schema], ['x', 6]]);
const Parameter: Enc = (w, v) => {
  if (!isObj(v)) return;
  if (v.in === 'body') w.message(1, sub(BodyParameter, v));
  else if (typeof v.in === 'string' && NON_BODY[v.in]) w.message(2, sub(NonBodyParameter, v));
};
/** A `$ref` object is a JsonReference (a parameter cannot carry `$ref`); anything else a Parameter. */
const ParametersItem: Enc = (w, v) => {
  if (!isObj(v)) return;
  if (has(v, '$ref')) w.message(2, sub(JsonReference, v));
  else w.message(1, sub(Parameter, v));
};

const Headers: Enc = namedMap(() => Header);
const Examples: Enc = (w, v) => {
  if (!isObj(v)) return;
  for (const [k, x] of Object.entries(v)) if (x !== undefined) w.message(1, named(k, anyMessage(x)));
};
const Response: Enc = message([
  ['s', 'description', 1], ['m', 'schema', 2, () => SchemaItem], ['m', 'headers', 3, () => Headers], ['m', 'examples', 4, () => Examples], ['x', 5],
]);
const ResponseValue: Enc = (w, v) => {
  if (!isObj(v)) return;
  if (has(v, '$ref')) w.message(2, sub(JsonReference, v));
  else if (has(v, 'description')) w.message(1, sub(Response, v));
};
const RESPONSE_CODE = /^([0-9]{3})$|^(default)$/;
const Responses: Enc = (w, v) => {
  if (!isObj(v)) return;
  for (const [k, x] of Object.entries(v)) if (x !== undefined && RESPONSE_CODE.test(k)) w.message(1, named(k, sub(ResponseValue, x)));
  vendorExtensions(w, 2, v);
};

const StringArray: Enc = (w, v) => {
  if (Array.isArray(v)) for (const e of v) {
    const s = scalarString(e);
    if (s !== undefined) w.repeatedString(1, s);
  }
};
const SecurityRequirement: Enc = namedMap(() => StringArray);

const Operation: Enc = message([
  ['ss', 'tags', 1], ['s', 'summary', 2], ['s', 'description', 3], ['m', 'externalDocs', 4, () => ExternalDocs],
  ['s', 'operationId', 5], ['ss', 'produces', 6], ['ss', 'consumes', 7], ['ms', 'parameters', 8, () => ParametersItem],
  ['m', 'responses', 9, () => Responses], ['ss', 'schemes', 10], ['b', 'deprecated', 11],
  ['ms', 'security', 12, () => SecurityRequirement], ['x', 13],
]);
const PathItem: Enc = message([
  ['s', '$ref', 1], ['m', 'get', 2, () => Operation], ['m', 'put', 3, () => Operation], ['m', 'post', 4, () => Operation],
  ['m', 'delete', 5, () => Operation], ['m', 'options', 6, () => Operation], ['m', 'head', 7, () => Operation],
  ['m', 'patch', 8, () => Operation], ['ms', 'parameters', 9, () => ParametersItem], ['x', 10],
]);
/** Paths: vendor extensions are field 1, so they precede the `/…` entries (field 2) on the wire. */
const Paths: Enc = (w, v) => {
  if (!isObj(v)) return;
  vendorExtensions(w, 1, v);
  for (const [k, x] of Object.entries(v)) if (x !== undefined && k.startsWith('/')) w.message(2, named(k, memoized(PathItem, x)));
};

const ParameterDefinitions: Enc = namedMap(() => Parameter);
const ResponseDefinitions: Enc = namedMap(() => Response);

const Oauth2Scopes: Enc = (w, v) => {
  if (!isObj(v)) return;
  for (const [k, x] of Object.entries(v)) {
    const s = scalarString(x);
    if (s === undefined) continue;
    const pair = new Writer();
    pair.string(1, k);
    pair.string(2, s);
    w.message(1, pair);
  }
};
const SCOPES: Field = ['m', 'scopes', 3, () => Oauth2Scopes];
const SECURITY_SCHEMES: Record<string, [number, Enc]> = {
  basic: [1, message([['s', 'type', 1], ['s', 'description', 2], ['x', 3]])],
  apiKey: [2, message([['s', 'type', 1], ['s', 'name', 2], ['s', 'in', 3], ['s', 'description', 4], ['x', 5]])],
  'oauth2/implicit': [3, message([['s', 'type', 1], ['s', 'flow', 2], SCOPES, ['s', 'authorizationUrl', 4], ['s', 'description', 5], ['x', 6]])],
  'oauth2/password': [4, message([['s', 'type', 1], ['s', 'flow', 2], SCOPES, ['s', 'tokenUrl', 4], ['s', 'description', 5], ['x', 6]])],
  'oauth2/application': [5, message([['s', 'type', 1], ['s', 'flow', 2], SCOPES, ['s', 'tokenUrl', 4], ['s', 'description', 5], ['x', 6]])],
  'oauth2/accessCode': [6, message([['s', 'type', 1], ['s', 'flow', 2], SCOPES, ['s', 'authorizationUrl', 4], ['s', 'tokenUrl', 5], ['s', 'description', 6], ['x', 7]])],
};
const SecurityDefinitionsItem: Enc = (w, v) => {
  if (!isObj(v)) return;
  const scheme = SECURITY_SCHEMES[v.type === 'oauth2' ? `oauth2/${String(v.flow)}` : String(v.type)];
  if (scheme) w.message(scheme[0], sub(scheme[1], v));
};
const SecurityDefinitions: Enc = namedMap(() => SecurityDefinitionsItem);

const Document: Enc = message([
  ['s', 'swagger', 1], ['m', 'info', 2, () => Info], ['s', 'host', 3], ['s', 'basePath', 4], ['ss', 'schemes', 5],
  ['ss', 'consumes', 6], ['ss', 'produces', 7], ['m', 'paths', 8, () => Paths], ['m', 'definitions', 9, () => Definitions],
  ['m', 'parameters', 10, () => ParameterDefinitions], ['m', 'responses', 11, () => ResponseDefinitions],
  ['ms', 'security', 12, () => SecurityRequirement], ['m', 'securityDefinitions', 13, () => SecurityDefinitions],
  ['ms', 'tags', 14, () => Tag], ['m', 'externalDocs', 15, () => ExternalDocs], ['x', 16],
]);

/** The `openapi.v2.Document` protobuf of a Swagger 2.0 JSON document. */
export function encodeOpenAPIv2Protobuf(doc: SwaggerJSON): Buffer {
  return sub(Document, doc).finish();
}

/** The media type kubectl asks for and the response carries. */
export const OPENAPI_V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';
