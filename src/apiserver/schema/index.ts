/** Public surface of the schema component: validation, pruning, defaulting, CRDs and OpenAPI publication. */
export type { SchemaNode } from './node.ts';
export { swagger, definitions, builtinSchema, builtinDefinitionName, isBuiltinNode, QUANTITY_DEFINITION, INT_OR_STRING_DEFINITION } from './builtin.ts';
export type { Swagger } from './builtin.ts';
export { validateAgainstSchema } from './validate.ts';
export type { ValidateOptions } from './validate.ts';
export { unsupportedSchemaFeatures } from './features.ts';
export type { UnsupportedFeature } from './features.ts';
export { pruneUnknownFields, pruneNonNullableNulls } from './prune.ts';
export type { PruneOptions } from './prune.ts';
export { applyDefaults } from './defaults.ts';
export { validateCRD, crdDefaults, crdAcceptedStatus } from './crd.ts';
export type { CRDValidationOptions } from './crd.ts';
export { builtinOpenAPIV3, openAPIV3GroupVersions, openAPIV3Hash, openAPIV3Root } from './openapi-v3.ts';
export { crdOpenAPIV3, crdDefinitionName } from './openapi-crd.ts';
