/** The Pod printer: READY, STATUS and RESTARTS computed exactly as upstream's printPod. */
import { ageCol, col, nameCol } from '../columns.ts';
import { parseTime, since } from '../duration.ts';
import type { KObject } from '../../types.ts';
import type { Printer, PrintedRow, TableRowCondition } from '../types.ts';
import { at, num, objs, rec, str, type Obj } from '../util.ts';

const isRestartable = (c: Obj | undefined) => str(c?.restartPolicy) === 'Always';
const terminal = (phase: string) => phase === 'Succeeded' || phase === 'Failed';
const conditionTrue = (conds: Obj[], type: string) => conds.some((c) => c.type === type && c.status === 'True');

/** Track the latest `lastState.terminated.finishedAt`, for "N (5m ago)". */
function laterFinish(latest: number | undefined, cs: Obj): number | undefined {
  const t = parseTime(at(cs, 'lastState.terminated.finishedAt'));
  if (t === undefined) return latest;
  return latest === undefined || t > latest ? t : latest;
}

function terminatedReason(term: Obj, prefix: string): string {
  if (str(term.reason)) return prefix + str(term.reason);
  return num(term.signal) !== 0 ? `${prefix}Signal:${num(term.signal)}` : `${prefix}ExitCode:${num(term.exitCode)}`;
}

const conditionsFor = (phase: string): TableRowCondition[] | undefined =>
  phase === 'Succeeded'
    ? [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }]
    : phase === 'Failed'
      ? [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }]
      : undefined;

function printPod(pod: KObject, now: Date): PrintedRow {
  const spec = rec(pod.spec);
  const status = rec(pod.status);
  const conds = objs(status.conditions);
  const phase = str(status.phase);
  let reason = str(status.reason) || phase;
  if (conds.some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) reason = 'SchedulingGated';

  const initSpecs = new Map(objs(spec.initContainers).map((c) => [str(c.name), c]));
  const total = objs(spec.containers).length + [...initSpecs.values()].filter(isRestartable).length;
  let ready = 0;
  let restarts = 0;
  let sidecarRestarts = 0;
  let lastRestart: number | undefined;
  let lastSidecarRestart: number | undefined;

  let initializing = false;
  const initStatuses = objs(status.initContainerStatuses);
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i]!;
    const state = rec(cs.state);
    const sidecar = isRestartable(initSpecs.get(str(cs.name)));
    restarts += num(cs.restartCount);
    lastRestart = laterFinish(lastRestart, cs);
    if (sidecar) {
      sidecarRestarts += num(cs.restartCount);
      lastSidecarRestart = laterFinish(lastSidecarRestart, cs);
    }
    const term = state.terminated === undefined ? undefined : rec(state.terminated);
    if (term && num(term.exitCode) === 0) continue;
    if (sidecar && cs.started === true) {
      if (cs.ready === true) ready++;
      continue;
    }
    const waiting = state.waiting === undefined ? undefined : rec(state.waiting);
    if (term) reason = terminatedReason(term, 'Init:');
    else if (waiting && str(waiting.reason) && waiting.reason !== 'PodInitializing') reason = `Init:${str(waiting.reason)}`;
    else reason = `Init:${i}/${initSpecs.size}`;
    initializing = true;
    break; // the first init container still in the way decides the status
  }

  if (!initializing || conditionTrue(conds, 'Initialized')) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses = objs(status.containerStatuses);
    // Iterated backwards so the first container's state wins the STATUS column.
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i]!;
      const state = rec(cs.state);
      restarts += num(cs.restartCount);
      lastRestart = laterFinish(lastRestart, cs);
      const waiting = state.waiting === undefined ? undefined : rec(state.waiting);
      const term = state.terminated === undefined ? undefined : rec(state.terminated);
      if (waiting && str(waiting.reason)) reason = str(waiting.reason);
      else if (term) reason = terminatedReason(term, '');
      else if (cs.ready === true && state.running !== undefined) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) reason = conditionTrue(conds, 'Ready') ? 'Running' : 'NotReady';
  }

  const deleting = parseTime(pod.metadata.deletionTimestamp) !== undefined;
  if (deleting && str(status.reason) === 'NodeLost') reason = 'Unknown';
  else if (deleting && !terminal(phase)) reason = 'Terminating';

  const restartsCell = restarts !== 0 && lastRestart !== undefined ? `${restarts} (${since(new Date(lastRestart).toISOString(), now)} ago)` : String(restarts);

  // v1 carries podIP and podIPs; the internal type upstream prints from only has PodIPs, filled from podIP.
  const podIP = str(objs(status.podIPs)[0]?.ip) || str(status.podIP) || '<none>';
  const gates = objs(spec.readinessGates);
  let readinessGates = '<none>';
  if (gates.length) {
    const trueCount = gates.filter((g) => conds.find((c) => c.type === g.conditionType)?.status === 'True').length;
    readinessGates = `${trueCount}/${gates.length}`;
  }
  const cells = [
    pod.metadata.name ?? '',
    `${ready}/${total}`,
    reason,
    restartsCell,
    since(pod.metadata.creationTimestamp, now),
    podIP,
    str(spec.nodeName) || '<none>',
    str(status.nominatedNodeName) || '<none>',
    readinessGates,
  ];
  const conditions = conditionsFor(phase);
  return conditions ? { cells, conditions } : { cells };
}

export const podPrinter: Printer = {
  columns: [
    nameCol(),
    col('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    col('Status', 'string', 'The aggregate status of the containers in this pod.'),
    col('Restarts', 'string', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
    ageCol(),
    col('IP', 'string', 'podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.', 1),
    col('Node', 'string', 'NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName.', 1),
    col('Nominated Node', 'string', 'nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods.', 1),
    col('Readiness Gates', 'string', 'If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all its containers are ready AND all conditions specified in the readiness gates have status equal to "True".', 1),
  ],
  print: printPod,
};
