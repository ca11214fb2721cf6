/**
 * Crossplane's management policies, pure: `spec.managementPolicies` (v1alpha2 / crossplane-runtime v1.13+)
 * or the older v1alpha1 `spec.managementPolicy`, combined with `spec.deletionPolicy`, decide which actions
 * a managed-resource reconciler may take. Only the combinations crossplane-runtime supports are accepted.
 */
export type Action = 'Observe' | 'Create' | 'Update' | 'Delete' | 'LateInitialize' | '*';

type Obj = Record<string, any>;

/** provider-kubernetes' v1alpha1 → v1alpha2 conversion of `managementPolicy`. */
const LEGACY: Record<string, Action[]> = {
  Default: ['*'],
  Observe: ['Observe'],
  ObserveDelete: ['Observe', 'Delete'],
  ObserveCreateUpdate: ['Observe', 'Create', 'Update'],
};

/** crossplane-runtime's defaultSupportedManagementPolicies. */
const SUPPORTED: Action[][] = [
  ['*'],
  ['Observe', 'Create', 'Update', 'LateInitialize', 'Delete'],
  ['Observe'],
  [],
  ['Observe', 'Create', 'Update', 'Delete'],
  ['Observe', 'Create', 'Update', 'LateInitialize'],
  ['Observe', 'Create', 'Update'],
  ['Observe', 'Create', 'Delete', 'LateInitialize'],
  ['Observe', 'Create', 'LateInitialize'],
  ['Observe', 'Create', 'Delete'],
  ['Observe', 'Create'],
  ['Observe', 'Delete'],
];

export interface Policy {
  /** The actions, as given (deduplicated). */
  actions: Action[];
  deletionPolicy: 'Delete' | 'Orphan';
  /** Why the combination is not accepted (a ReconcileError message). */
  error?: string;
  paused: boolean;
  onlyObserve: boolean;
  create: boolean;
  update: boolean;
  lateInitialize: boolean;
  /** Whether deleting the managed resource deletes the external resource. */
  delete: boolean;
}

const sameSet = (a: Action[], b: Action[]) => a.length === b.length && a.every((x) => b.includes(x));

/** The actions a managed resource's spec allows. A non-default `managementPolicies` wins over `managementPolicy`. */
export function actionsOf(spec: Obj | undefined): { actions: Action[]; error?: string } {
  const given = spec?.managementPolicies as Action[] | undefined;
  const legacy = spec?.managementPolicy as string | undefined;
  if (Array.isArray(given) && !(sameSet([...new Set(given)], ['*']) && legacy !== undefined)) return { actions: [...new Set(given)] };
  if (legacy !== undefined) {
    const mapped = LEGACY[legacy];
    if (!mapped) return { actions: [], error: `spec.managementPolicy: Unsupported value: "${legacy}": supported values: "Default", "ObserveCreateUpdate", "ObserveDelete", "Observe"` };
    return { actions: mapped };
  }
  return { actions: ['*'] };
}

/** crossplane-runtime's ManagementPoliciesResolver with the management-policies feature enabled. */
export function resolvePolicy(spec: Obj | undefined): Policy {
  const { actions, error: legacyError } = actionsOf(spec);
  const deletionPolicy = spec?.deletionPolicy === 'Orphan' ? 'Orphan' : 'Delete';
  const has = (...a: Action[]) => a.some((x) => actions.includes(x));
  const all = sameSet(actions, ['*']);
  let error = legacyError;
  if (!error && !SUPPORTED.some((s) => sameSet(s, actions))) {
    error = `\`spec.managementPolicies\` is set to a value([${actions.join(' ')}]) which is not supported. Check docs for supported policies`;
  }
  return {
    actions,
    deletionPolicy,
    error,
    paused: actions.length === 0 && !error,
    onlyObserve: sameSet(actions, ['Observe']),
    create: has('Create', '*'),
    update: has('Update', '*'),
    lateInitialize: has('LateInitialize', '*'),
    // Both set to delete → delete; a non-default policy with Delete → delete; anything else orphans.
    delete: (deletionPolicy === 'Delete' && has('Delete', '*')) || (!all && actions.includes('Delete')),
  };
}
