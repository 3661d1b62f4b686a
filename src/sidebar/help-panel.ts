import type { FunctionInfo } from '../app/sidebar/api';
import { byId, h, replaceChildren } from './dom';

/** The Help panel's function list, from the same registry as the formulas' own help. */
export function setUpHelpPanel(functions: readonly FunctionInfo[]): void {
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
