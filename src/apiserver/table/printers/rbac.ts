/** RoleBinding and ClusterRoleBinding printers (Roles use the created-at default). */
import { ageCol, col, nameCol } from '../columns.ts';
import { since } from '../duration.ts';
import type { KObject } from '../../types.ts';
import type { Printer } from '../types.ts';
import { at, objs, str } from '../util.ts';

/** SubjectsStrings: users, groups and `namespace/name` service accounts. */
function subjects(o: KObject): [string, string, string] {
  const users: string[] = [];
  const groups: string[] = [];
  const sas: string[] = [];
  for (const s of objs(o.subjects)) {
    if (s.kind === 'ServiceAccount') sas.push(`${str(s.namespace)}/${str(s.name)}`);
    else if (s.kind === 'User') users.push(str(s.name));
    else if (s.kind === 'Group') groups.push(str(s.name));
  }
  return [users.join(', '), groups.join(', '), sas.join(', ')];
}

const bindingPrinter = (what: string): Printer => ({
  columns: [
    nameCol(),
    col('Role', 'string', `RoleRef can reference a ${what === 'roleBinding' ? 'Role in the current namespace or a ClusterRole in the global namespace' : 'ClusterRole in the global namespace'}. If the RoleRef cannot be resolved, the Authorizer must return an error.`),
    ageCol(),
    col('Users', 'string', `Users in the ${what}`, 1),
    col('Groups', 'string', `Groups in the ${what}`, 1),
    col('ServiceAccounts', 'string', `ServiceAccounts in the ${what}`, 1),
  ],
  print: (o, now) => ({
    cells: [o.metadata.name ?? '', `${str(at(o, 'roleRef.kind'))}/${str(at(o, 'roleRef.name'))}`, since(o.metadata.creationTimestamp, now), ...subjects(o)],
  }),
});

export const roleBindingPrinter = bindingPrinter('roleBinding');
export const clusterRoleBindingPrinter = bindingPrinter('clusterRoleBinding');
