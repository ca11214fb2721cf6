/**
 * The sprig v3 function library (Masterminds/sprig "TxtFuncMap") as Helm and Argo CD use it, minus the
 * environment functions (`env`, `expandenv`) both remove, plus the encoding functions Helm adds
 * (`toYaml`, `fromYaml`, `toJson`...). Crypto key/certificate generators are not provided: calling one is an
 * error naming the function.
 */
import { fn, type FuncMap } from '../funcs.ts';
import { dateFuncs } from './dates.ts';
import { goJson, goToml, goYaml, GO_YAML_OPTIONS, parseGoYaml, parseGoYamlAll, toJsonValue } from './encoding.ts';
import { listDictFuncs } from './lists.ts';
import { mathFuncs } from './math.ts';
import { semverFuncs } from './semver.ts';
import { stringFuncs } from './strings.ts';
import { isMap } from '../value.ts';

const unsupported = (name: string) =>
  fn([], () => {
    throw new Error(`${name} is not supported by Marina's template engine`);
  }, 'any');

/** sprig's own encoders: toJson (HTML-escaped like json.Marshal), toPrettyJson, toRawJson, fromJson. */
const jsonFuncs: FuncMap = {
  toJson: fn(['any'], (v: unknown) => safe(() => goJson(v))),
  mustToJson: fn(['any'], (v: unknown) => goJson(v)),
  toPrettyJson: fn(['any'], (v: unknown) => safe(() => goJson(v, { indent: '  ' }))),
  mustToPrettyJson: fn(['any'], (v: unknown) => goJson(v, { indent: '  ' })),
  toRawJson: fn(['any'], (v: unknown) => safe(() => goJson(v, { escapeHtml: false }))),
  mustToRawJson: fn(['any'], (v: unknown) => goJson(v, { escapeHtml: false })),
  fromJson: fn(['string'], (s: string) => {
    try {
      return toJsonValue(JSON.parse(s));
    } catch {
      return {};
    }
  }),
  mustFromJson: fn(['string'], (s: string) => toJsonValue(JSON.parse(s))),
};

const jsonKind = (v: unknown) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v === 'object' ? 'object' : typeof v === 'boolean' ? 'bool' : typeof v);

function safe(f: () => string): string {
  try {
    return f();
  } catch {
    return '';
  }
}

export function sprigFuncs(): FuncMap {
  const m: FuncMap = { ...stringFuncs, ...listDictFuncs, ...mathFuncs, ...semverFuncs, ...dateFuncs, ...jsonFuncs };
  for (const n of ['genPrivateKey', 'derivePassword', 'buildCustomCert', 'genCA', 'genCAWithKey', 'genSelfSignedCert', 'genSelfSignedCertWithKey', 'genSignedCert', 'genSignedCertWithKey', 'encryptAES', 'decryptAES', 'htpasswd', 'getHostByName', 'bcrypt']) m[n] = unsupported(n);
  return m;
}

/** Helm's encoding functions (pkg/engine/funcs.go): failures become `Error` entries or empty strings as there. */
export function helmEncodingFuncs(): FuncMap {
  return {
    toYaml: fn(['any'], (v: unknown) => safe(() => goYaml(v).replace(/\n$/, ''))),
    mustToYaml: fn(['any'], (v: unknown) => goYaml(v).replace(/\n$/, '')),
    toYamlPretty: fn(['any'], (v: unknown) => safe(() => goYaml(v).replace(/\n$/, ''))),
    fromYaml: fn(['string'], (s: string) => {
      try {
        const v = parseGoYaml(s);
        if (v === null) return {};
        if (!isMap(v)) throw new Error(`error unmarshaling JSON: json: cannot unmarshal ${Array.isArray(v) ? 'array' : typeof v} into Go value of type map[string]interface {}`);
        return v;
      } catch (e) {
        return { Error: (e as Error).message };
      }
    }),
    fromYamlArray: fn(['string'], (s: string) => {
      try {
        const v = parseGoYaml(s);
        if (v === null) return [];
        if (!Array.isArray(v)) throw new Error(`error unmarshaling JSON: json: cannot unmarshal object into Go value of type []interface {}`);
        return v;
      } catch (e) {
        return [(e as Error).message];
      }
    }),
    toJson: fn(['any'], (v: unknown) => safe(() => goJson(v))),
    mustToJson: fn(['any'], (v: unknown) => goJson(v)),
    fromJson: fn(['string'], (s: string) => {
      try {
        const v = toJsonValue(JSON.parse(s));
        return isMap(v) ? v : { Error: `json: cannot unmarshal ${jsonKind(v)} into Go value of type map[string]interface {}` };
      } catch (e) {
        return { Error: (e as Error).message };
      }
    }),
    fromJsonArray: fn(['string'], (s: string) => {
      try {
        const v = toJsonValue(JSON.parse(s));
        return Array.isArray(v) ? v : [`json: cannot unmarshal ${jsonKind(v)} into Go value of type []interface {}`];
      } catch (e) {
        return [(e as Error).message];
      }
    }),
    toToml: fn(['any'], (v: unknown) => safe(() => goToml(v))),
  };
}

export { goJson, goYaml, goToml, parseGoYaml, parseGoYamlAll, toJsonValue, GO_YAML_OPTIONS };
