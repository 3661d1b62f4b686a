import { customFunctions } from './custom-functions';

/** Plain text (alerts show text, never HTML), generated from the registry so it cannot drift. */
export function helpText(): string {
  const functions = customFunctions.map((fn) => {
    const args = fn.params.map((param) => (param.optional ? `[${param.name}]` : param.name)).join(', ');
    return `=${fn.name}(${args})\n${fn.summary}\nColumns: ${fn.returns ?? ''}`;
  });
  return [
    'Functions',
    ...functions,
    'Data comes from the Everflow API with the key you set (kept in your user properties). Results are cached for up to 10 minutes for lists and 6 hours for invoice details; "Clear cached data" starts afresh.',
  ].join('\n\n');
}
