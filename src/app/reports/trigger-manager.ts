import type { TriggerPort } from '../../ports/triggers';
import { isScheduled } from './definition';
import type { ReportStore } from './report-store';

/** The top-level function the hourly trigger calls; the entry layer exposes it under this name. */
export const REPORTS_TRIGGER_HANDLER = 'onReportsTrigger';

export type TriggerChange = 'installed' | 'removed' | 'unchanged';

/**
 * Keeps exactly one hourly trigger while any report has a schedule (or `keepForApplies`: an apply
 * that stopped continues in it), none otherwise. Editor
 * add-ons may hold one time trigger per user per document, so it is never duplicated: extra
 * copies (from an older version or a race) are deleted. Safe to call after every change.
 *
 * Triggers belong to the user who created them: the trigger runs with that user's API key, and
 * only that user can remove it.
 */
export function syncReportsTrigger(store: ReportStore, triggers: TriggerPort, keepForApplies = false): TriggerChange {
  const wanted = store.list().reports.some((report) => isScheduled(report.definition));
  const ours = triggers.listTimeTriggers().filter((trigger) => trigger.handler === REPORTS_TRIGGER_HANDLER);
  if (wanted) {
    for (const extra of ours.slice(1)) triggers.deleteTrigger(extra.id);
    if (ours.length > 0) return 'unchanged';
    triggers.createHourlyTrigger(REPORTS_TRIGGER_HANDLER);
    return 'installed';
  }
  if (keepForApplies) {
    for (const extra of ours.slice(1)) triggers.deleteTrigger(extra.id);
    return 'unchanged';
  }
  for (const trigger of ours) triggers.deleteTrigger(trigger.id);
  return ours.length > 0 ? 'removed' : 'unchanged';
}
