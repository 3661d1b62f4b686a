import { FormulaSyntaxError, parseFormula } from '../../../src/app/formula-call';

describe('parseFormula', () => {
  it.each([
    ['=EFLOW_INVOICES()', { name: 'EFLOW_INVOICES', args: [] }],
    ['=eflow_invoices("unpaid")', { name: 'EFLOW_INVOICES', args: ['unpaid'] }],
    ['=EFLOW_INVOICES("unpaid", , "2024-12-31", 100, -2.5e1)', { name: 'EFLOW_INVOICES', args: ['unpaid', '', '2024-12-31', 100, -25] }],
    ['=EFLOW_INVOICE_LINES({101;102;103}, "referral")', { name: 'EFLOW_INVOICE_LINES', args: [[[101], [102], [103]], 'referral'] }],
    ['=F({1,"a";TRUE,false})', { name: 'F', args: [[[1, 'a'], [true, false]]] }],
    ['=F("say ""hi""")', { name: 'F', args: ['say "hi"'] }],
    ['F(,)', { name: 'F', args: ['', ''] }],
  ])('%s', (text, expected) => {
    expect(parseFormula(text)).toEqual(expected);
  });

  it.each([
    ['=EFLOW_INVOICES("unpaid"', /expected "," or "\)"/],
    ['=F("open)', /closing double quote/],
    ['=F(A1)', /expected a string in double quotes/],
    ['=F({1,2;3})', /same number of values/],
    ['=F() extra', /expected the end/],
    ['=(1)', /expected a function name/],
  ])('rejects %s', (text, message) => {
    expect(() => parseFormula(text)).toThrow(FormulaSyntaxError);
    expect(() => parseFormula(text)).toThrow(message);
  });
});
