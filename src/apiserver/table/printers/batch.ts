/** batch/v1 printers: Job and CronJob. */
import { ageCol, col, containersCol, imagesCol, nameCol } from '../columns.ts';
import { humanDuration, parseTime, since } from '../duration.ts';
import { formatLabelSelector } from '../labels.ts';
import type { Printer } from '../types.ts';
import { arr, at, num, objs, str } from '../util.ts';
import { boolPtr, containerCells } from './common.ts';

/** hasJobCondition: the first condition of the type decides. */
function jobCondition(o: unknown, type: string): boolean {
  const c = objs(at(o, 'status.conditions')).find((c) => c.type === type);
  return c?.status === 'True';
}

function jobStatus(o: { metadata: { deletionTimestamp?: string } }): string {
  if (jobCondition(o, 'Complete')) return 'Complete';
  if (jobCondition(o, 'Failed')) return 'Failed';
  if (parseTime(o.metadata.deletionTimestamp) !== undefined) return 'Terminating';
  if (jobCondition(o, 'Suspended')) return 'Suspended';
  if (jobCondition(o, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

function completions(o: unknown): string {
  const succeeded = num(at(o, 'status.succeeded'));
  const want = at(o, 'spec.completions');
  if (typeof want === 'number') return `${succeeded}/${want}`;
  const parallelism = num(at(o, 'spec.parallelism'));
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function jobDuration(o: unknown, now: Date): string {
  const start = parseTime(at(o, 'status.startTime'));
  if (start === undefined) return '';
  const end = parseTime(at(o, 'status.completionTime'));
  return humanDuration((end ?? now.getTime()) - start);
}

const timeZone = (v: unknown) => (typeof v === 'string' ? v : '<none>');

const selectorCol = () => col('Selector', 'string', 'A label query over pods that should match the pod count.', 1);

export const jobPrinter: Printer = {
  columns: [
    nameCol(),
    col('Status', 'string', 'Status of the job.'),
    col('Completions', 'string', 'The number of pods which reached phase Succeeded.'),
    col('Duration', 'string', 'Time required to complete the job.'),
    ageCol(),
    containersCol(),
    imagesCol(),
    selectorCol(),
  ],
  print(o, now) {
    const [names, images] = containerCells(at(o, 'spec.template.spec.containers'));
    return {
      cells: [o.metadata.name ?? '', jobStatus(o), completions(o), jobDuration(o, now), since(o.metadata.creationTimestamp, now), names, images, formatLabelSelector(at(o, 'spec.selector'))],
    };
  },
};

export const cronJobPrinter: Printer = {
  columns: [
    nameCol(),
    col('Schedule', 'string', 'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.'),
    col('Timezone', 'string', 'The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones.'),
    col('Suspend', 'boolean', 'This flag tells the controller to suspend subsequent executions, it does not apply to already started executions. Defaults to false.'),
    col('Active', 'integer', 'A list of pointers to currently running jobs.'),
    col('Last Schedule', 'string', 'Information when was the last time the job was successfully scheduled.'),
    ageCol(),
    containersCol(),
    imagesCol(),
    selectorCol(),
  ],
  print(o, now) {
    const [names, images] = containerCells(at(o, 'spec.jobTemplate.spec.template.spec.containers'));
    const last = at(o, 'status.lastScheduleTime');
    return {
      cells: [
        o.metadata.name ?? '',
        str(at(o, 'spec.schedule')),
        timeZone(at(o, 'spec.timeZone')),
        // batch/v1 defaults suspend to false, and upstream prints the defaulted object.
        boolPtr(at(o, 'spec.suspend') ?? false),
        arr(at(o, 'status.active')).length,
        last === undefined || last === null ? '<none>' : since(last, now),
        since(o.metadata.creationTimestamp, now),
        names,
        images,
        formatLabelSelector(at(o, 'spec.jobTemplate.spec.selector')),
      ],
    };
  },
};
