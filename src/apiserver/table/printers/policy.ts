/** HorizontalPodAutoscaler (autoscaling/v2) and PodDisruptionBudget printers. */
import { ageCol, col, nameCol } from '../columns.ts';
import { since } from '../duration.ts';
import type { Printer } from '../types.ts';
import { at, num, objs, rec, str, intOrString, type Obj } from '../util.ts';

/** Quantities arrive as canonical strings already; numbers are printed as Go would. */
const qty = (v: unknown) => (typeof v === 'number' ? String(v) : str(v, '0'));

function metricTarget(spec: Obj, status: Obj | undefined, source: string, withName: boolean): string {
  const target = rec(at(spec, `${source}.target`));
  const current = status ? rec(at(status, `${source}.current`)) : undefined;
  const prefix = withName ? `${str(at(spec, `${source}.name`))}: ` : '';
  if (target.averageValue !== undefined) {
    const cur = current && current.averageValue !== undefined ? qty(current.averageValue) : '<unknown>';
    const avg = source === 'external' || source === 'object' ? ' (avg)' : '';
    return `${prefix}${cur}/${qty(target.averageValue)}${avg}`;
  }
  if (source === 'resource' || source === 'containerResource') {
    const cur = current && typeof current.averageUtilization === 'number' ? `${current.averageUtilization}%` : '<unknown>';
    const tgt = typeof target.averageUtilization === 'number' ? `${target.averageUtilization}%` : '<auto>';
    return `${prefix}${cur}/${tgt}`;
  }
  const cur = current ? qty(current.value) : '<unknown>';
  return `${prefix}${cur}/${qty(target.value)}`;
}

const SOURCES: Record<string, [string, boolean]> = {
  External: ['external', false],
  Pods: ['pods', false],
  Object: ['object', false],
  Resource: ['resource', true],
  ContainerResource: ['containerResource', true],
};

/** formatHPAMetrics: at most two targets, then `+ N more...`. */
function formatMetrics(specs: Obj[], statuses: Obj[]): string {
  if (!specs.length) return '<none>';
  const list = specs.map((spec, i) => {
    const src = SOURCES[str(spec.type)];
    if (!src) return '<unknown type>';
    const status = statuses[i] && statuses[i]![src[0]] !== undefined ? statuses[i] : undefined;
    // Pods metrics always print an average value, even if the target is mis-set.
    if (src[0] === 'pods') {
      const cur = status ? qty(at(status, 'pods.current.averageValue')) : '<unknown>';
      return `${cur}/${qty(at(spec, 'pods.target.averageValue'))}`;
    }
    return metricTarget(spec, status, src[0], src[1]);
  });
  const max = 2;
  return list.length > max ? `${list.slice(0, max).join(', ')} + ${list.length - max} more...` : list.join(', ');
}

export const hpaPrinter: Printer = {
  columns: [
    nameCol(),
    col('Reference', 'string', 'scaleTargetRef points to the target resource to scale, and is used to the pods for which metrics should be collected, as well as to actually change the replica count.'),
    col('Targets', 'string', 'metrics contains the specifications for which to use to calculate the desired replica count.'),
    col('MinPods', 'string', 'minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.'),
    col('MaxPods', 'string', 'maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up.'),
    col('Replicas', 'string', 'currentReplicas is current number of replicas of pods managed by this autoscaler, as last seen by the autoscaler.'),
    ageCol(),
  ],
  print(o, now) {
    const min = at(o, 'spec.minReplicas');
    return {
      cells: [
        o.metadata.name ?? '',
        `${str(at(o, 'spec.scaleTargetRef.kind'))}/${str(at(o, 'spec.scaleTargetRef.name'))}`,
        formatMetrics(objs(at(o, 'spec.metrics')), objs(at(o, 'status.currentMetrics'))),
        typeof min === 'number' ? String(min) : '<unset>',
        num(at(o, 'spec.maxReplicas')),
        num(at(o, 'status.currentReplicas')),
        since(o.metadata.creationTimestamp, now),
      ],
    };
  },
};

export const pdbPrinter: Printer = {
  columns: [
    nameCol(),
    col('Min Available', 'string', 'The minimum number of pods that must be available.'),
    col('Max Unavailable', 'string', 'The maximum number of pods that may be unavailable.'),
    col('Allowed Disruptions', 'integer', 'Calculated number of pods that may be disrupted at this time.'),
    ageCol(),
  ],
  print(o, now) {
    const min = at(o, 'spec.minAvailable');
    const max = at(o, 'spec.maxUnavailable');
    return {
      cells: [
        o.metadata.name ?? '',
        min === undefined || min === null ? 'N/A' : intOrString(min),
        max === undefined || max === null ? 'N/A' : intOrString(max),
        num(at(o, 'status.disruptionsAllowed')),
        since(o.metadata.creationTimestamp, now),
      ],
    };
  },
};
