import { applyChanges } from '../../app/sidebar/changes';
import { sidebarChangesContext } from './changes-context';
import { sidebarCall } from './sidebar-call';

export const sidebarApplyChanges = sidebarCall(
  { name: 'sidebarApplyChanges', summary: 'Review dialog: applies exactly the reviewed changes of a sheet under the document lock; answers each change\'s result.', input: '{ sheet, plan: { count, fingerprint } }' },
  (call, input) => applyChanges(call, sidebarChangesContext(), input),
);
