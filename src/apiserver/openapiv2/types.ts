/** Shapes of the OpenAPI v2 (Swagger 2.0) JSON this component reads and produces. */

/** A JSON value, as parsed from an OpenAPI document. */
export type JSONValue = null | boolean | number | string | JSONValue[] | { [k: string]: JSONValue };

/** A JSON Schema object in a Swagger 2.0 document (`definitions`, `properties`, parameter schemas). */
export type JSONSchemaV2 = Record<string, any>;

/** A Swagger 2.0 document: Kubernetes' `/openapi/v2`. Loose on purpose: the encoder follows the JSON it is given. */
export interface SwaggerJSON {
  swagger?: string;
  info?: unknown;
  paths?: Record<string, Record<string, any>>;
  definitions?: Record<string, JSONSchemaV2>;
  parameters?: Record<string, any>;
  [k: string]: unknown;
}
