import { reviewChanges } from '../../app/sidebar/changes';
import { sidebarChangesContext } from './changes-context';
import { sidebarCall } from './sidebar-call';

export const sidebarReviewChanges = sidebarCall(
  { name: 'sidebarReviewChanges', summary: "Review dialog: lists the pending changes of the active sheet's editable report in words; sends nothing." },
  (call) => reviewChanges(call, sidebarChangesContext()),
);
