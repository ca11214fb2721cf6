/**
 * Go text/template for Marina (Helm rendering, ApplicationSet `goTemplate`), with the sprig library.
 *
 *   import { Template, sprigFuncs, fn } from '../lib/gotemplate/index.ts';
 *   const out = new Template('name').funcs(sprigFuncs()).option('missingkey=error').parse(src).execute(data);
 *
 * Values: JS numbers are Go float64 (as JSON/YAML decode them in Go), bigints are Go ints (template literals,
 * `len`, sprig integer maths); `undefined` is "no value". Errors are `ParseError`/`ExecError` with Go's texts.
 */
export { Template } from './template.ts';
export { ExecError, type MissingKey } from './exec.ts';
export { ParseError } from './parse.ts';
export { fn, type FuncMap, type GoFunc, type ParamType } from './funcs.ts';
export { sprigFuncs, helmEncodingFuncs, goJson, goYaml, goToml, parseGoYaml, parseGoYamlAll, toJsonValue, GO_YAML_OPTIONS } from './sprig/index.ts';
export { sprintf, sprint, sprintln } from './printf.ts';
export { formatValue, struct, truth, typeName, GO_TYPE } from './value.ts';
export { satisfies as semverSatisfies, parseVersion as parseSemver, compareVersions as compareSemver } from './sprig/semver.ts';
