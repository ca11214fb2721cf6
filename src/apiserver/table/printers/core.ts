/** Core (v1) printers other than Pod/Service/Endpoints, plus Lease. */
import { ageCol, col, nameCol } from '../columns.ts';
import { since } from '../duration.ts';
import type { KObject } from '../../types.ts';
import type { Printer } from '../types.ts';
import { arr, at, num, rec, str } from '../util.ts';

const keys = (v: unknown) => Object.keys(rec(v));
const simple = (o: KObject, now: Date, ...middle: unknown[]) => ({ cells: [o.metadata.name ?? '', ...middle, since(o.metadata.creationTimestamp, now)] });

export const configMapPrinter: Printer = {
  columns: [nameCol(), col('Data', 'string', 'Data contains the configuration data.'), ageCol()],
  print: (o, now) => simple(o, now, keys(o.data).length + keys(o.binaryData).length),
};

export const secretPrinter: Printer = {
  columns: [nameCol(), col('Type', 'string', 'Used to facilitate programmatic handling of secret data.'), col('Data', 'string', 'Data contains the secret data.'), ageCol()],
  // stringData is merged into data on write; counting both keeps a not-yet-normalized object right.
  print: (o, now) => simple(o, now, str(o.type, 'Opaque'), new Set([...keys(o.data), ...keys(o.stringData)]).size),
};

export const serviceAccountPrinter: Printer = {
  columns: [nameCol(), col('Secrets', 'string', 'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.'), ageCol()],
  print: (o, now) => simple(o, now, arr(o.secrets).length),
};

export const namespacePrinter: Printer = {
  columns: [nameCol(), col('Status', 'string', 'The status of the namespace'), ageCol()],
  print: (o, now) => simple(o, now, str(at(o, 'status.phase'), 'Active')),
};

/** formatEventSource: component (or reportingController), then host (or reportingInstance). */
function eventSource(o: KObject): string {
  const component = str(at(o, 'source.component')) || str(o.reportingController);
  const instance = str(at(o, 'source.host')) || str(o.reportingInstance);
  return instance ? `${component}, ${instance}` : component;
}

function printEvent(o: KObject, now: Date) {
  const first = at(o, 'firstTimestamp') ? since(o.firstTimestamp, now) : since(o.eventTime, now);
  let last = at(o, 'lastTimestamp') ? since(o.lastTimestamp, now) : first;
  let count = num(o.count);
  if (o.series && typeof o.series === 'object') {
    last = since(at(o, 'series.lastObservedTime'), now);
    count = num(at(o, 'series.count'));
  } else if (count === 0) count = 1; // singleton events have no count in events.k8s.io
  const kind = str(at(o, 'involvedObject.kind')).toLowerCase();
  const name = str(at(o, 'involvedObject.name'));
  return {
    cells: [last, str(o.type), str(o.reason), name ? `${kind}/${name}` : kind, str(at(o, 'involvedObject.fieldPath')), eventSource(o), str(o.message).trim(), first, count, o.metadata.name ?? ''],
  };
}

export const eventPrinter: Printer = {
  columns: [
    col('Last Seen', 'string', 'The time at which the most recent occurrence of this event was recorded.'),
    col('Type', 'string', 'Type of this event (Normal, Warning), new types could be added in the future'),
    col('Reason', 'string', "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
    col('Object', 'string', 'The object that this event is about.'),
    col('Subobject', 'string', 'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2].', 1),
    col('Source', 'string', 'The component reporting this event. Should be a short machine understandable string.', 1),
    col('Message', 'string', 'A human-readable description of the status of this operation.'),
    col('First Seen', 'string', 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)', 1),
    col('Count', 'string', 'The number of times this event has occurred.', 1),
    { ...nameCol(), priority: 1 },
  ],
  print: printEvent,
};

/** GetAccessModesAsString: de-duplicated, in a fixed order. */
function accessModes(v: unknown): string {
  const modes = new Set(arr(v).map((m) => str(m)));
  const order: [string, string][] = [
    ['ReadWriteOnce', 'RWO'],
    ['ReadOnlyMany', 'ROX'],
    ['ReadWriteMany', 'RWX'],
    ['ReadWriteOncePod', 'RWOP'],
  ];
  return order.filter(([m]) => modes.has(m)).map(([, s]) => s).join(',');
}

function printPVC(o: KObject, now: Date) {
  const bound = str(at(o, 'spec.volumeName'));
  const vac = at(o, 'spec.volumeAttributesClassName');
  const volumeMode = at(o, 'spec.volumeMode');
  // The beta annotation still wins over spec.storageClassName, as GetPersistentVolumeClaimClass does.
  const storageClass = str(o.metadata.annotations?.['volume.beta.kubernetes.io/storage-class']) || str(at(o, 'spec.storageClassName'));
  return {
    cells: [
      o.metadata.name ?? '',
      o.metadata.deletionTimestamp ? 'Terminating' : str(at(o, 'status.phase')),
      bound,
      bound ? str(at(o, 'status.capacity.storage'), '0') : '',
      bound ? accessModes(at(o, 'status.accessModes')) : '',
      storageClass,
      typeof vac === 'string' ? vac : '<unset>',
      since(o.metadata.creationTimestamp, now),
      typeof volumeMode === 'string' ? volumeMode : '<unset>',
    ],
  };
}

export const pvcPrinter: Printer = {
  columns: [
    nameCol(),
    col('Status', 'string', 'phase represents the current phase of PersistentVolumeClaim.'),
    col('Volume', 'string', 'volumeName is the binding reference to the PersistentVolume backing this claim.'),
    col('Capacity', 'string', 'capacity represents the actual resources of the underlying volume.'),
    col('Access Modes', 'string', 'accessModes contains the actual access modes the volume backing the PVC has.'),
    col('StorageClass', 'string', 'StorageClass of the pvc'),
    col('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pvc'),
    ageCol(),
    col('VolumeMode', 'string', 'volumeMode defines what type of volume is required by the claim.', 1),
  ],
  print: printPVC,
};

/** Request and limit columns: `name: used/hard`, sorted by resource name, `limits.*` to the second. */
function printQuota(o: KObject, now: Date) {
  const hard = rec(at(o, 'status.hard'));
  const used = rec(at(o, 'status.used'));
  const req: string[] = [];
  const lim: string[] = [];
  for (const r of Object.keys(hard).sort()) {
    const pieces = r.split('.');
    const line = `${r}: ${str(used[r], '0')}/${str(hard[r], '0')}`;
    (pieces.length > 1 && pieces[0] === 'limits' ? lim : req).push(line);
  }
  return { cells: [o.metadata.name ?? '', since(o.metadata.creationTimestamp, now), req.join(', '), lim.join(', ')] };
}

export const resourceQuotaPrinter: Printer = {
  columns: [
    nameCol(),
    ageCol(),
    col('Request', 'string', 'Request represents a minimum amount of cpu/memory that a container may consume.'),
    col('Limit', 'string', 'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.'),
  ],
  print: printQuota,
};

export const leasePrinter: Printer = {
  columns: [nameCol(), col('Holder', 'string', 'holderIdentity contains the identity of the holder of a current lease.'), ageCol()],
  print: (o, now) => simple(o, now, str(at(o, 'spec.holderIdentity'))),
};

