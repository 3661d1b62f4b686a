import { previewFormula } from '../../app/sidebar/formula';
import { CUSTOM_FUNCTIONS } from '../../app/custom-functions';
import { evaluateCustomFunction } from './catalog';
import { sidebarCall } from './sidebar-call';

export const sidebarPreviewFormula = sidebarCall(
  { name: 'sidebarPreviewFormula', summary: 'Sidebar: evaluates the formula builder\'s formula and answers its first rows.', input: '{ name, args }' },
  (call, input) => previewFormula(call, CUSTOM_FUNCTIONS, input, evaluateCustomFunction),
);
