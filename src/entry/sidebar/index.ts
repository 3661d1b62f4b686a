import type { PublicFunction } from '../registry-types';
import { sidebarConnect } from './connect';
import { sidebarInsertFormula } from './insert-formula';
import { sidebarLoad } from './load';
import { sidebarPreviewFormula } from './preview-formula';
import { sidebarRemoveKey } from './remove-key';
import { sidebarTestConnection } from './test-connection';

export { openSidebar } from './open-sidebar';

/** Every google.script.run target of the sidebar page. */
export const sidebarFunctions: PublicFunction[] = [sidebarLoad, sidebarConnect, sidebarTestConnection, sidebarRemoveKey, sidebarPreviewFormula, sidebarInsertFormula];
