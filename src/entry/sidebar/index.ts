import type { PublicFunction } from '../registry-types';
import { sidebarApplyChanges } from './apply-changes';
import { sidebarDeleteReport } from './delete-report';
import { sidebarEstimateReportCost } from './estimate-report-cost';
import { sidebarInsertFormula } from './insert-formula';
import { sidebarListReports } from './list-reports';
import { sidebarLoad } from './load';
import { sidebarPreviewFormula } from './preview-formula';
import { sidebarRemoveConnection } from './remove-connection';
import { sidebarReviewChanges } from './review-changes';
import { sidebarRunProgress } from './run-progress';
import { sidebarRunReport } from './run-report';
import { sidebarSaveConnection } from './save-connection';
import { sidebarSaveReport } from './save-report';
import { sidebarShowAuditLog } from './show-audit-log';
import { sidebarShowReportSheet } from './show-report-sheet';
import { sidebarTestConnection } from './test-connection';

export { openSidebar } from './open-sidebar';

/** Every google.script.run target of the sidebar page. */
export const sidebarFunctions: PublicFunction[] = [
  sidebarLoad,
  sidebarSaveConnection,
  sidebarTestConnection,
  sidebarRemoveConnection,
  sidebarPreviewFormula,
  sidebarInsertFormula,
  sidebarListReports,
  sidebarSaveReport,
  sidebarDeleteReport,
  sidebarRunReport,
  sidebarRunProgress,
  sidebarEstimateReportCost,
  sidebarShowReportSheet,
  sidebarReviewChanges,
  sidebarApplyChanges,
  sidebarShowAuditLog,
];
