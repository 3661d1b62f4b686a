import { insertFormula } from '../../app/sidebar/formula';
import { AppsScriptActiveCell } from './active-cell';
import { CUSTOM_FUNCTIONS } from '../../app/custom-functions';
import { sidebarCall } from './sidebar-call';

export const sidebarInsertFormula = sidebarCall(
  { name: 'sidebarInsertFormula', summary: 'Sidebar: writes the formula builder\'s formula into the active cell.', input: '{ name, args }' },
  (call, input) => insertFormula(call, CUSTOM_FUNCTIONS, input, new AppsScriptActiveCell()),
);
