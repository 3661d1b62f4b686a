import { showAuditLog } from '../../app/sidebar/changes';
import { sidebarChangesContext } from './changes-context';
import { sidebarCall } from './sidebar-call';

export const sidebarShowAuditLog = sidebarCall({ name: 'sidebarShowAuditLog', summary: 'Review dialog: brings the Audit log sheet to the front.' }, () => showAuditLog(sidebarChangesContext()));
