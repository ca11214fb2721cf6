/** The schema fragments Crossplane 1.x (`internal/xcrd/schemas.go`) adds to generated composite and claim CRDs. */

type Obj = Record<string, any>;

const str = { type: 'string' };
const nameRef = () => ({ type: 'object', required: ['name'], properties: { name: str } });
const labelSelector = () => ({ type: 'object', required: ['matchLabels'], properties: { matchLabels: { type: 'object', additionalProperties: str } } });
const enumOf = (values: string[], def?: string) => ({ type: 'string', enum: values, ...(def ? { default: def } : {}) });
const publishTo = () => ({
  type: 'object',
  required: ['name'],
  properties: {
    name: str,
    configRef: { type: 'object', default: { name: 'default' }, properties: { name: str } },
    metadata: {
      type: 'object',
      properties: { labels: { type: 'object', additionalProperties: str }, annotations: { type: 'object', additionalProperties: str }, type: str },
    },
  },
});
const typedRefs = () => ({
  type: 'array',
  items: { type: 'object', required: ['apiVersion', 'kind'], properties: { apiVersion: str, name: str, kind: str } },
});

export function baseProps(): Obj {
  return {
    type: 'object',
    required: ['spec'],
    properties: { apiVersion: str, kind: str, metadata: { type: 'object' }, spec: { type: 'object', properties: {} }, status: { type: 'object', properties: {} } },
  };
}

export function compositeSpecProps(defaultUpdatePolicy?: string): Obj {
  return {
    compositionRef: nameRef(),
    compositionSelector: labelSelector(),
    compositionRevisionRef: nameRef(),
    compositionRevisionSelector: labelSelector(),
    compositionUpdatePolicy: enumOf(['Automatic', 'Manual'], defaultUpdatePolicy),
    claimRef: { type: 'object', required: ['apiVersion', 'kind', 'namespace', 'name'], properties: { apiVersion: str, kind: str, namespace: str, name: str } },
    environmentConfigRefs: typedRefs(),
    resourceRefs: { ...typedRefs(), 'x-kubernetes-list-type': 'atomic' },
    publishConnectionDetailsTo: publishTo(),
    writeConnectionSecretToRef: { type: 'object', required: ['name', 'namespace'], properties: { name: str, namespace: str } },
  };
}

export function claimSpecProps(defaultDeletePolicy?: string): Obj {
  return {
    compositionRef: nameRef(),
    compositionSelector: labelSelector(),
    compositionRevisionRef: nameRef(),
    compositionRevisionSelector: labelSelector(),
    compositionUpdatePolicy: enumOf(['Automatic', 'Manual']),
    compositeDeletePolicy: enumOf(['Background', 'Foreground'], defaultDeletePolicy),
    resourceRef: { type: 'object', required: ['apiVersion', 'kind', 'name'], properties: { apiVersion: str, kind: str, name: str } },
    publishConnectionDetailsTo: publishTo(),
    writeConnectionSecretToRef: nameRef(),
  };
}

/** Claim spec fields that are propagated to the composite (`PropagateSpecProps`). */
export const propagateSpecProps = ['compositionRef', 'compositionSelector', 'compositionUpdatePolicy', 'compositionRevisionSelector'];

export function statusProps(): Obj {
  return {
    conditions: {
      description: 'Conditions of the resource.',
      type: 'array',
      'x-kubernetes-list-map-keys': ['type'],
      'x-kubernetes-list-type': 'map',
      items: {
        type: 'object',
        required: ['lastTransitionTime', 'reason', 'status', 'type'],
        properties: { lastTransitionTime: { type: 'string', format: 'date-time' }, message: str, reason: str, status: str, type: str },
      },
    },
    connectionDetails: { type: 'object', properties: { lastPublishedTime: { type: 'string', format: 'date-time' } } },
    claimConditionTypes: { type: 'array', 'x-kubernetes-list-type': 'set', items: str },
  };
}

const col = (name: string, type: string, jsonPath: string) => ({ name, type, jsonPath });

export function compositePrinterColumns(): Obj[] {
  return [
    col('SYNCED', 'string', ".status.conditions[?(@.type=='Synced')].status"),
    col('READY', 'string', ".status.conditions[?(@.type=='Ready')].status"),
    col('COMPOSITION', 'string', '.spec.compositionRef.name'),
    col('AGE', 'date', '.metadata.creationTimestamp'),
  ];
}

export function claimPrinterColumns(): Obj[] {
  return [
    col('SYNCED', 'string', ".status.conditions[?(@.type=='Synced')].status"),
    col('READY', 'string', ".status.conditions[?(@.type=='Ready')].status"),
    col('CONNECTION-SECRET', 'string', '.spec.writeConnectionSecretToRef.name'),
    col('AGE', 'date', '.metadata.creationTimestamp'),
  ];
}
