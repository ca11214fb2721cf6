/**
 * Column definition helpers. The Name and Age/Created At descriptions are ObjectMeta's swagger docs
 * verbatim; other descriptions quote upstream's literals or abridge the field's swagger doc (kubectl
 * never shows them, but API clients may).
 */
import type { TableColumnDefinition } from './types.ts';

export const NAME_DESCRIPTION =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';

export const CREATION_TIMESTAMP_DESCRIPTION =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

export const col = (name: string, type: string, description: string, priority = 0, format = ''): TableColumnDefinition => ({
  name,
  type,
  format,
  description,
  priority,
});

export const nameCol = () => col('Name', 'string', NAME_DESCRIPTION, 0, 'name');
export const ageCol = () => col('Age', 'string', CREATION_TIMESTAMP_DESCRIPTION);
/** `-o wide` columns shared by every workload printer. */
export const containersCol = () => col('Containers', 'string', 'Names of each container in the template.', 1);
export const imagesCol = () => col('Images', 'string', 'Images referenced by each container in the template.', 1);
