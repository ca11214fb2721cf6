/** Cell helpers shared by printers, ported from printers.go. */
import { objs, str } from '../util.ts';

/** layoutContainerCells: names and images, comma-joined. */
export function containerCells(containers: unknown): [string, string] {
  const cs = objs(containers);
  return [cs.map((c) => str(c.name)).join(','), cs.map((c) => str(c.image)).join(',')];
}

/** printBoolPtr. */
export const boolPtr = (v: unknown): string => (typeof v === 'boolean' ? (v ? 'True' : 'False') : '<unset>');

/** `a,b,c + N more...` lists as upstream's endpoint and host columns print them. */
export function listWithMore(list: string[], more: boolean, count: number, max: number, empty: string): string {
  const ret = list.join(',');
  if (more) return `${ret} + ${count - max} more...`;
  return ret === '' ? empty : ret;
}

/** A set of load-balancer ingress points (IP, else hostname), de-duplicated, in order. */
export function loadBalancerIngress(ingress: unknown): string {
  const out = new Set<string>();
  for (const i of objs(ingress)) {
    if (str(i.ip)) out.add(str(i.ip));
    else if (str(i.hostname)) out.add(str(i.hostname));
  }
  return [...out].join(',');
}
