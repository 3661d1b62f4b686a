import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { plugin } from '../../../tools/lint/layers.cjs';

/** The layer rule that `npm run lint` runs on src/, fed code as if it sat at `file`. */
const repo = path.resolve(__dirname, '../../..');
const srcRoot = path.join(repo, 'src');
const linter = new Linter({ configType: 'flat' });

function problems(file: string, code: string): string[] {
  const config: Linter.Config[] = [
    {
      files: ['**/*.ts'],
      languageOptions: { parser: tseslint.parser as Linter.Parser, sourceType: 'module' },
      plugins: { layers: plugin },
      rules: { 'layers/may-import': ['error', { srcRoot }] },
    },
  ];
  return linter.verify(code, config, { filename: path.join(srcRoot, file) }).map((message) => message.message);
}

describe('the layer arrows of docs/architecture.md', () => {
  it.each([
    ['provider/everflow/client.ts', "import { shapeTable } from '../../sheet/columns';", 'src/provider/everflow may not import src/sheet'],
    ['provider/everflow/client.ts', "import type { Call } from '../../app/services';", 'src/provider/everflow may not import src/app'],
    ['provider/everflow/client.ts', "import { UrlFetchHttp } from '../../platform/apps-script/http';", 'src/provider/everflow may not import src/platform'],
    ['provider/affise/client.ts', "import { EverflowClient } from '../everflow/client';", 'a provider knows nothing of another provider'],
    ['provider/affise/client.ts', "export { EverflowClient } from '../everflow/client';", 'a provider knows nothing of another provider'],
    ['provider/provider.ts', "import { EverflowClient } from './everflow/client';", 'src/provider may not import src/provider/everflow'],
    ['sheet/columns.ts', "import type { Client } from '../provider/x/client';", 'src/sheet may not import src/provider/x'],
    ['sheet/format/lines.ts', "import type { Call } from '../../app/services';", 'src/sheet may not import src/app'],
    ['model/invoice.ts', "import type { CellValue } from '../sheet/columns';", 'src/model may not import src/sheet'],
    ['ports/http.ts', "import type { Invoice } from '../model/invoice';", 'src/ports may not import src/model'],
    ['app/custom-functions.ts', "import { AppsScriptCache } from '../platform/apps-script/cache';", 'src/app may not import src/platform'],
    ['app/custom-functions.ts', "import { customFunctions } from '../entry/custom-functions';", 'src/app may not import src/entry'],
    ['platform/apps-script/http.ts', "import type { Call } from '../../app/services';", 'src/platform may not import src/app'],
    ['platform/apps-script/http.ts', "import type { Invoice } from '../../model/invoice';", 'src/platform may not import src/model'],
    ['sidebar/Sidebar.ts', "import { saveReportFromForm } from '../app/sidebar/reports';", 'src/sidebar may not import src/app'],
    ['app/sidebar/reports.ts', "const late = import('../../entry/registry');", 'src/app may not import src/entry'],
  ])('%s: %s fails', (file, code, message) => {
    expect(problems(file, code)).toEqual([expect.stringContaining(message)]);
  });

  it.each([
    ['provider/everflow/client.ts', "import { a } from './schemas';\nimport type { b } from '../provider';\nimport type { c } from '../../model/invoice';\nimport type { d } from '../../ports/http';\nimport { z } from 'zod';"],
    ['provider/affise/client.ts', "import { a } from './schemas';\nimport type { c } from '../../model/invoice';"],
    ['sheet/format/lines.ts', "import { a } from '../columns';\nimport type { b } from '../../model/invoice';\nimport type { c } from '../../ports/time-zone';"],
    ['app/custom-functions.ts', "import { a } from '../sheet/columns';\nimport { b } from '../provider/everflow/client';\nimport { c } from './reports/definition';"],
    ['platform/apps-script/http.ts', "import type { HttpPort } from '../../ports/http';\nexport const fetch = UrlFetchApp.fetch;"],
    ['entry/main.ts', "import { a } from '../app/services';\nimport { b } from '../platform/apps-script/http';\nexport const sheet = SpreadsheetApp.getActive();"],
    ['sidebar/Sidebar.ts', "import type { SidebarApi } from '../app/sidebar/api';\nimport { formulaText } from '../app/sidebar/formula-text';"],
  ])('%s may import what its arrows allow', (file, code) => {
    expect(problems(file, code)).toEqual([]);
  });

  it.each([
    ['provider/everflow/client.ts', 'UrlFetchApp.fetch(url);'],
    ['app/settings.ts', 'PropertiesService.getUserProperties();'],
    ['sheet/columns.ts', 'const zone = SpreadsheetApp.getActive().getSpreadsheetTimeZone();'],
    ['model/money.ts', 'Utilities.sleep(10);'],
    ['sidebar/bridge.ts', 'google.script.run.sidebarLoad();'],
  ])('%s may not use Apps Script globals: %s', (file, code) => {
    expect(problems(file, code)).toEqual([expect.stringMatching(/may not use the Apps Script global/)]);
  });

  it.each([
    ['sheet/columns.ts', '// Everflow shows periods in the invoice zone.'],
    ['sheet/format/lines.ts', "export const header = 'EFLOW_INVOICE_LINES';"],
    ['sheet/format/rows.ts', 'export interface AffiseRow { id: number }'],
    ['ports/http.ts', '/** As Everflow answers. */ export type X = 1;'],
  ])('%s names no provider: %s fails', (file, code) => {
    expect(problems(file, code)).toEqual([expect.stringMatching(/names no provider/)]);
  });

  it('applies to every file of src/ when the repository is linted', () => {
    const printed = execFileSync(process.execPath, [path.join(repo, 'node_modules/eslint/bin/eslint.js'), '--print-config', 'src/sheet/columns.ts'], { cwd: repo, encoding: 'utf8' });
    const rules = (JSON.parse(printed) as { rules: Record<string, unknown> }).rules;
    expect(rules['layers/may-import']).toEqual([2, { srcRoot }]);
  });
});
