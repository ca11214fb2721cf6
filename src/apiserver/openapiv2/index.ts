/** OpenAPI v2 publication: the per-cluster Swagger document and its gnostic protobuf encoding (kubectl ≤ 1.27). */
export { encodeOpenAPIv2Protobuf, OPENAPI_V2_PROTOBUF } from './encode.ts';
export { openAPIv2ForCluster } from './cluster.ts';
export { crdKindSchemaV2, crdListSchemaV2, toV2Node } from './crd-schema.ts';
export { OpenAPIv2Documents, V2Rendition, crdSetKey } from './documents.ts';
export { respondOpenAPIv2, negotiateV2, OPENAPI_V2_PROTOBUF_RESPONSE, type V2Response } from './respond.ts';
export { goYAML } from './goyaml.ts';
export type { SwaggerJSON, JSONSchemaV2, JSONValue } from './types.ts';
