import { displayText, functionCatalog, insertFormula, previewFormula, PREVIEW_ROWS, type ActiveCellPort } from '../../../src/app/sidebar/formula';
import { argumentLiteral, formulaText } from '../../../src/app/sidebar/formula-text';
import { SidebarInputError } from '../../../src/app/sidebar/input';
import { ArgumentError } from '../../../src/app/arguments';
import { CUSTOM_FUNCTIONS } from '../../../src/app/custom-functions';
import { IntlZoneRules } from '../../../test-support/intl-zone-rules';
import { memoryCall, ScriptedHttp } from './services';

const catalog = functionCatalog(CUSTOM_FUNCTIONS);
const noHttp = new ScriptedHttp(() => {
  throw new Error('no request expected');
});

describe('formula text', () => {
  it.each([
    [{ kind: 'amount' } as const, '12.5', '12.5'],
    [{ kind: 'amount' } as const, '1,000', '"1,000"'],
    [{ kind: 'invoice-id' } as const, ' 42 ', '42'],
    [{ kind: 'invoice-ids' } as const, '1, 2', '"1, 2"'],
    [{ kind: 'date' } as const, '2024-01-31', '"2024-01-31"'],
    [{ kind: 'choice', choices: ['paid'] } as const, 'paid', '"paid"'],
    [{ kind: 'invoice-ids' } as const, '=HYPERLINK("x","y")', '"=HYPERLINK(""x"",""y"")"'],
    [{ kind: 'amount' } as const, '  ', ''],
  ])('%j %j is %s', (input, text, literal) => {
    expect(argumentLiteral(input, text)).toBe(literal);
  });

  it('keeps empty arguments in the middle and drops trailing ones', () => {
    const inputs = [{ kind: 'choice', choices: ['paid'] }, { kind: 'date' }, { kind: 'date' }, { kind: 'amount' }] as const;
    expect(formulaText('EFLOW_INVOICES', inputs, ['', '', '', '5'])).toBe('=EFLOW_INVOICES(, , , 5)');
    expect(formulaText('EFLOW_INVOICES', inputs, ['paid', '', '', ''])).toBe('=EFLOW_INVOICES("paid")');
    expect(formulaText('EFLOW_INVOICES', inputs, [])).toBe('=EFLOW_INVOICES()');
  });
});

describe('functionCatalog', () => {
  it('offers every custom function with a field for each argument', () => {
    expect(catalog.map((fn) => fn.name)).toEqual(CUSTOM_FUNCTIONS.map((fn) => fn.name));
    expect(catalog.every((fn) => fn.returns !== '' && fn.example.startsWith(`=${fn.name}(`))).toBe(true);
  });
});

describe('previewFormula', () => {
  it('evaluates the function with the values a cell passes and shows the first rows as Sheets would', () => {
    const call = memoryCall(noHttp, 'Asia/Tokyo');
    const calls: Array<{ name: string; args: unknown[] }> = [];
    const grid = [['Invoice ID', 'Created', 'Paid?'], ...Array.from({ length: 8 }, (_, index) => [index + 1, new Date(Date.UTC(2024, 0, 31, 15, 0, 0)), index % 2 === 0])];
    const preview = previewFormula(call, CUSTOM_FUNCTIONS, { name: 'EFLOW_INVOICES', args: ['UNPAID', '', '', '0.01'] }, (name, args) => {
      calls.push({ name, args });
      return grid;
    });
    expect(calls).toEqual([{ name: 'EFLOW_INVOICES', args: ['UNPAID', undefined, undefined, 0.01] }]);
    expect(preview.formula).toBe('=EFLOW_INVOICES("UNPAID", , , 0.01)');
    expect(preview.columns).toEqual(['Invoice ID', 'Created', 'Paid?']);
    expect(preview.rows).toHaveLength(PREVIEW_ROWS);
    expect(preview.rows[0]).toEqual(['1', '2/1/2024', 'TRUE']);
    expect(preview.totalRows).toBe(8);
  });

  it('refuses wrong arguments with the function\'s own message, before evaluating', () => {
    const call = memoryCall(noHttp);
    const evaluate = jest.fn();
    expect(() => previewFormula(call, CUSTOM_FUNCTIONS, { name: 'EFLOW_INVOICES', args: ['open'] }, evaluate)).toThrow(ArgumentError);
    expect(() => previewFormula(call, CUSTOM_FUNCTIONS, { name: 'EFLOW_INVOICE', args: [''] }, evaluate)).toThrow('invoice_id: an invoice ID is needed');
    expect(() => previewFormula(call, CUSTOM_FUNCTIONS, { name: 'EFLOW_INVOICE_LINES', args: ['1', 'refund'] }, evaluate)).toThrow(/^type: "refund" is not a line type/);
    expect(evaluate).not.toHaveBeenCalled();
  });

  it.each([
    [{ name: 'EFLOW_SECRET', args: [] }, /^Function: choose one of EFLOW_INVOICES, /],
    [{ name: 'EFLOW_INVOICE', args: ['1', 'Main', '3'] }, 'EFLOW_INVOICE takes 2 arguments; 3 were sent.'],
    [{ name: 'EFLOW_INVOICE', args: [1] }, 'Arguments 1: must be text.'],
    [{ name: 'EFLOW_INVOICE' }, 'Arguments: must be a list of texts.'],
  ])('refuses the request %j', (input, message) => {
    expect(() => previewFormula(memoryCall(noHttp), CUSTOM_FUNCTIONS, input, jest.fn())).toThrow(SidebarInputError);
    expect(() => previewFormula(memoryCall(noHttp), CUSTOM_FUNCTIONS, input, jest.fn())).toThrow(message);
  });
});

describe('insertFormula', () => {
  it('writes the formula into the active cell and says where', () => {
    const written: string[] = [];
    const cell: ActiveCellPort = { address: () => "'Q1 2024'!B7", setFormula: (formula) => written.push(formula) };
    expect(insertFormula(memoryCall(noHttp), CUSTOM_FUNCTIONS, { name: 'EFLOW_INVOICE_SUMMARY', args: ['paid'] }, cell)).toEqual({ formula: '=EFLOW_INVOICE_SUMMARY("paid")', cell: "'Q1 2024'!B7" });
    expect(written).toEqual(['=EFLOW_INVOICE_SUMMARY("paid")']);
  });
});

describe('displayText', () => {
  const zones = new IntlZoneRules();
  it.each([
    [null, ''],
    ['', ''],
    [12.5, '12.5'],
    [false, 'FALSE'],
    [new Date(Date.UTC(2024, 6, 1, 22, 30, 5)), '7/2/2024 00:30:05'],
    [new Date(Date.UTC(2024, 6, 1, 22)), '7/2/2024'],
    ['<b>text</b>', '<b>text</b>'],
  ])('%p shows as %p in Europe/Berlin, en_US', (cell, text) => {
    expect(displayText(cell, 'Europe/Berlin', 'en_US', zones)).toBe(text);
  });

  it('writes dates as the locale does', () => {
    expect(displayText(new Date(Date.UTC(2024, 6, 1, 22, 30, 5)), 'Europe/Berlin', 'de_DE', zones)).toBe('02.07.2024 00:30:05');
    expect(displayText(new Date(Date.UTC(2024, 6, 1, 22)), 'Europe/Berlin', 'ja_JP', zones)).toBe('2024/07/02');
  });
});
