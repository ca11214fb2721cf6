/** Alternative representations clients ask for in Accept: Table (kubectl get) and PartialObjectMetadata. */
import { StatusError } from '../errors.ts';
import type { Target } from '../core.ts';
import type { KObject } from '../types.ts';
import { toTable } from '../table/index.ts';
import type { AcceptInfo } from './codec.ts';

export function partialMetadata(o: KObject): KObject {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
}

/** Renders a single object or a list in the representation the Accept header asked for. */
export function toView(o: KObject, t: Target, accept: AcceptInfo, q: URLSearchParams, isList: boolean): unknown {
  if (!accept.as) return o;
  if (accept.asGroup !== 'meta.k8s.io') throw notAcceptable();
  if (o.kind === 'Status' || o.kind === 'Scale' || t.subresource === 'scale') return o;
  const items = isList ? ((o as any).items as KObject[]) : [o];
  if (accept.as === 'Table') {
    const include = (q.get('includeObject') ?? 'Metadata') as 'None' | 'Metadata' | 'Object';
    return toTable(items, {
      group: t.type.group,
      resource: t.type.resource,
      kind: t.type.kind,
      columns: t.type.printerColumns,
      includeObject: include,
      listMeta: isList ? (o.metadata as any) : { resourceVersion: o.metadata.resourceVersion },
      now: new Date(),
    });
  }
  if (accept.as === 'PartialObjectMetadataList' && isList)
    return { kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata, items: items.map(partialMetadata) };
  if (accept.as === 'PartialObjectMetadata' && !isList) return partialMetadata(o);
  throw notAcceptable();
}

const notAcceptable = () => new StatusError('NotAcceptable', 'only the following media types are accepted: application/json, application/yaml, application/json;as=Table;v=v1;g=meta.k8s.io');
