import { insertFormula } from '../../app/sidebar/formula';
import { AppsScriptActiveCell } from './active-cell';
import { sidebarCatalog } from './catalog';
import { sidebarCall } from './sidebar-call';

export const sidebarInsertFormula = sidebarCall(
  { name: 'sidebarInsertFormula', summary: 'Sidebar: writes the formula builder\'s formula into the active cell.', input: '{ name, args }' },
  (call, input) => insertFormula(call, sidebarCatalog(), input, new AppsScriptActiveCell()),
);
