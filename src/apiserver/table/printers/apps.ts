/** apps/v1 printers: Deployment, ReplicaSet, StatefulSet, DaemonSet. */
import { ageCol, col, containersCol, imagesCol, nameCol } from '../columns.ts';
import { since } from '../duration.ts';
import { formatLabelSelector, formatLabels, selectorString } from '../labels.ts';
import type { Printer } from '../types.ts';
import { at, num } from '../util.ts';
import { containerCells } from './common.ts';

/** spec.replicas defaults to 1 in apps/v1; upstream prints the defaulted internal object. */
const replicas = (o: unknown) => num(at(o, 'spec.replicas'), 1);
const selectorCol = (d: string) => col('Selector', 'string', d, 1);

export const deploymentPrinter: Printer = {
  columns: [
    nameCol(),
    col('Ready', 'string', 'Number of the pod with ready state'),
    col('Up-to-date', 'string', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
    col('Available', 'string', 'Total number of available non-terminating pods (ready for at least minReadySeconds) targeted by this deployment.'),
    ageCol(),
    containersCol(),
    imagesCol(),
    selectorCol('Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.'),
  ],
  print(o, now) {
    const [names, images] = containerCells(at(o, 'spec.template.spec.containers'));
    const sel = selectorString(at(o, 'spec.selector'));
    return {
      cells: [
        o.metadata.name ?? '',
        `${num(at(o, 'status.readyReplicas'))}/${replicas(o)}`,
        num(at(o, 'status.updatedReplicas')),
        num(at(o, 'status.availableReplicas')),
        since(o.metadata.creationTimestamp, now),
        names,
        images,
        sel ?? '<invalid>',
      ],
    };
  },
};

export const replicaSetPrinter: Printer = {
  columns: [
    nameCol(),
    col('Desired', 'integer', 'Replicas is the number of desired pods.'),
    col('Current', 'integer', 'Replicas is the most recently observed number of non-terminating pods.'),
    col('Ready', 'integer', 'The number of non-terminating pods targeted by this ReplicaSet with a Ready Condition.'),
    ageCol(),
    containersCol(),
    imagesCol(),
    selectorCol('Selector is a label query over pods that should match the replica count.'),
  ],
  print(o, now) {
    const [names, images] = containerCells(at(o, 'spec.template.spec.containers'));
    return {
      cells: [
        o.metadata.name ?? '',
        replicas(o),
        num(at(o, 'status.replicas')),
        num(at(o, 'status.readyReplicas')),
        since(o.metadata.creationTimestamp, now),
        names,
        images,
        formatLabelSelector(at(o, 'spec.selector')),
      ],
    };
  },
};

export const statefulSetPrinter: Printer = {
  columns: [nameCol(), col('Ready', 'string', 'Number of the pod with ready state'), ageCol(), containersCol(), imagesCol()],
  print(o, now) {
    const [names, images] = containerCells(at(o, 'spec.template.spec.containers'));
    return {
      cells: [o.metadata.name ?? '', `${num(at(o, 'status.readyReplicas'))}/${replicas(o)}`, since(o.metadata.creationTimestamp, now), names, images],
    };
  },
};

export const daemonSetPrinter: Printer = {
  columns: [
    nameCol(),
    col('Desired', 'integer', 'The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod).'),
    col('Current', 'integer', 'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.'),
    col('Ready', 'integer', 'numberReady is the number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition.'),
    col('Up-to-date', 'integer', 'The total number of nodes that are running updated daemon pod'),
    col('Available', 'integer', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)'),
    col('Node Selector', 'string', "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node."),
    ageCol(),
    containersCol(),
    imagesCol(),
    selectorCol('A label query over pods that are managed by the daemon set. Must match in order to be controlled.'),
  ],
  print(o, now) {
    const [names, images] = containerCells(at(o, 'spec.template.spec.containers'));
    return {
      cells: [
        o.metadata.name ?? '',
        num(at(o, 'status.desiredNumberScheduled')),
        num(at(o, 'status.currentNumberScheduled')),
        num(at(o, 'status.numberReady')),
        num(at(o, 'status.updatedNumberScheduled')),
        num(at(o, 'status.numberAvailable')),
        formatLabels(at(o, 'spec.template.spec.nodeSelector')),
        since(o.metadata.creationTimestamp, now),
        names,
        images,
        formatLabelSelector(at(o, 'spec.selector')),
      ],
    };
  },
};
