/**
 * The patch library: how PATCH bodies are applied, and the patches `kubectl apply` would compute.
 * - JSON patch (RFC 6902) and JSON merge patch (RFC 7386) with the API server's semantics and errors;
 * - strategic merge patch driven by a kind's OpenAPI schema (`x-kubernetes-patch-strategy`/`-merge-key`);
 * - two- and three-way patch builders, strategic for built-in kinds and JSON merge for the rest.
 */
export { applyJsonPatch, MAX_JSON_PATCH_OPERATIONS, type JsonPatchOperation } from './jsonpatch.ts';
export { applyMergePatch, createMergePatch, createThreeWayJsonMergePatch } from './mergepatch.ts';
export {
  applyStrategicMergePatch,
  createThreeWayMergePatch,
  createTwoWayMergePatch,
  type ThreeWayOptions,
} from './strategic.ts';
export { strategicMergePatchUnsupported } from './status.ts';
export type { JsonMap } from './json.ts';
