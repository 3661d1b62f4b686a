import { CUSTOM_FUNCTIONS } from '../../../src/app/custom-functions';

/** The README's function table shows both key types for every Everflow function (scripts/build-wrappers.mjs). */
describe('Everflow functions declare their columns for both key types', () => {
  const everflow = CUSTOM_FUNCTIONS.filter((fn) => fn.name.startsWith('EFLOW_'));

  it.each(everflow.map((fn) => [fn.name, fn] as const))('%s', (_name, fn) => {
    expect(fn.networkReturns).toBeDefined();
    if (fn.networkReturns === 'alike') return;
    // A network key's table names the partner of each row, right after the invoice id.
    expect(fn.networkReturns).not.toBe(fn.returns);
    expect(fn.networkReturns?.startsWith('Invoice ID | Affiliate ID | Affiliate | ')).toBe(true);
  });

  it('Affise functions have one set of columns', () => {
    for (const fn of CUSTOM_FUNCTIONS.filter((candidate) => candidate.name.startsWith('AFFISE_'))) expect(fn.networkReturns).toBeUndefined();
  });
});
