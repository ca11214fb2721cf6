/**
 * Field paths as upstream prints them: `spec.containers[0].image`. Map keys are joined with `.` too, as
 * kube-openapi names them (`metadata.labels.app`), not `[key]` as `field.Path.Key` would.
 */
export const child = (path: string, key: string): string => (path ? `${path}.${key}` : key);
export const index = (path: string, i: number | string): string => `${path}[${i}]`;
