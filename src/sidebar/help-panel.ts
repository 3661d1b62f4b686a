import type { SidebarState } from '../app/sidebar/api';
import { byId, h, replaceChildren } from './dom';

/** The Help panel: the function list, from the same registry as the formulas' own help, and how dates read here. */
export function setUpHelpPanel({ functions, locale, timeZone, dateFormats }: SidebarState): void {
  byId('help-dates', HTMLElement).textContent =
    `This spreadsheet's locale is ${locale} and its time zone ${timeZone}: reports write dates as ${dateFormats.date} and times as ${dateFormats.dateTime}, as does the Sync log, and the times in this sidebar read the same way.`;
  replaceChildren(
    byId('help-functions', HTMLElement),
    ...functions.map((fn) => {
      const signature = `=${fn.name}(${fn.params.map((param) => (param.optional ? `[${param.name}]` : param.name)).join(', ')})`;
      return h(
        'div',
        { className: 'help-function' },
        h('h3', {}, h('code', {}, signature)),
        h('p', {}, fn.summary),
        h('p', { className: 'hint' }, `Columns: ${fn.returns}`),
        fn.example === '' ? null : h('p', { className: 'hint' }, 'Example: ', h('code', {}, fn.example)),
      );
    }),
  );
}
