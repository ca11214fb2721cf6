/** Readiness checks (Crossplane `ready.go`), one function per check type, run against an observed resource. */
import { ComposeError, isNotFound, wrap } from './errors.ts';
import { getValue } from './fieldpath.ts';

type Obj = Record<string, any>;
type Check = (c: Obj, o: Obj) => boolean;

/** The Composition schema's default: the resource's Ready condition is True. */
export const defaultReadinessChecks: Obj[] = [{ type: 'MatchCondition', matchCondition: { type: 'Ready', status: 'True' } }];

function fieldOf(c: Obj, o: Obj): { found: boolean; value?: unknown } {
  if (typeof c.fieldPath !== 'string' || c.fieldPath === '') throw new ComposeError('InvalidReadinessCheck', `type ${JSON.stringify(c.type)} requires a field path`);
  try {
    return { found: true, value: getValue(o, c.fieldPath) };
  } catch (err) {
    if (isNotFound(err)) return { found: false };
    throw err;
  }
}

function typed(c: Obj, o: Obj, want: string): { found: boolean; value?: unknown } {
  const f = fieldOf(c, o);
  if (f.found && typeof f.value !== want) throw new ComposeError('InvalidReadinessCheck', `${c.fieldPath}: not a ${want}`);
  return f;
}

export const readinessChecks: Record<string, Check> = {
  None: () => true,
  NonEmpty: (c, o) => fieldOf(c, o).found,
  MatchString: (c, o) => {
    if (typeof c.matchString !== 'string') throw new ComposeError('InvalidReadinessCheck', 'type "MatchString" requires a match string');
    const f = typed(c, o, 'string');
    return f.found && f.value === c.matchString;
  },
  MatchInteger: (c, o) => {
    if (typeof c.matchInteger !== 'number') throw new ComposeError('InvalidReadinessCheck', 'type "MatchInteger" requires a match integer');
    const f = typed(c, o, 'number');
    return f.found && f.value === c.matchInteger;
  },
  MatchTrue: (c, o) => {
    const f = typed(c, o, 'boolean');
    return f.found && f.value === true;
  },
  MatchFalse: (c, o) => {
    const f = typed(c, o, 'boolean');
    return f.found && f.value === false;
  },
  MatchCondition: (c, o) => {
    const m = c.matchCondition;
    if (!m) throw new ComposeError('InvalidReadinessCheck', 'type "MatchCondition" requires a valid match condition');
    const cond = (o.status?.conditions ?? []).find((x: Obj) => x?.type === (m.type ?? 'Ready'));
    return (cond?.status ?? 'Unknown') === (m.status ?? 'True');
  },
};

/** Whether `observed` passes every check (the default check when none are given). */
export function isReady(observed: Obj, checks: Obj[] | undefined): boolean {
  const list = checks && checks.length ? checks : defaultReadinessChecks;
  return list.every((c, i) => {
    const fn = readinessChecks[c?.type];
    if (!fn) throw new ComposeError('InvalidReadinessCheck', `cannot run readiness check at index ${i}: unknown type ${JSON.stringify(c?.type)}`);
    try {
      return fn(c, observed);
    } catch (err) {
      throw wrap(err, `cannot run readiness check at index ${i}`, 'InvalidReadinessCheck');
    }
  });
}
