import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { DIST_DIR } from '../../../test-support/harness';

const ROOT = path.resolve(__dirname, '../../..');

/** What clasp would push: checked as files, before anything runs them. */
const code = fs.readFileSync(path.join(DIST_DIR, 'Code.js'), 'utf8');
const manifest = JSON.parse(fs.readFileSync(path.join(DIST_DIR, 'appsscript.json'), 'utf8')) as Record<string, unknown>;

interface RegistryDoc {
  name: string;
  kind: string;
  params: Array<{ name: string }>;
}

function registryOfBundle(): RegistryDoc[] {
  const context = vm.createContext({});
  vm.runInContext(`${code}\nthis.registry = JSON.stringify(AffiliateBilling.registry);`, context);
  return JSON.parse(String(context.registry)) as RegistryDoc[];
}

describe('the built bundle', () => {
  const registry = registryOfBundle();

  it('has no module syntax, which Apps Script cannot load', () => {
    expect(code).not.toMatch(/^\s*(import|export)\s/m);
  });

  it('has one top-level wrapper per registry entry, with @customfunction on custom functions only', () => {
    expect(registry.map((entry) => entry.name)).toEqual(expect.arrayContaining(['EFLOW_INVOICES', 'onOpen', 'onInstall', 'onReportsTrigger']));
    for (const entry of registry) {
      const wrapper = new RegExp(`\\n/\\*\\*\\n((?: \\*.*\\n)+) \\*/\\nfunction ${entry.name}\\(${entry.params.map((p) => p.name).join(', ')}\\) \\{`);
      const match = wrapper.exec(code);
      expect(match).not.toBeNull();
      expect((match?.[1] ?? '').includes('@customfunction')).toBe(entry.kind === 'custom-function');
      expect(entry.name.endsWith('_')).toBe(false);
    }
  });

  it('loads without touching any Apps Script service', () => {
    expect(() => vm.runInContext(code, vm.createContext({}))).not.toThrow();
  });

  it("ships the manifest with V8, the narrowest scopes and only Everflow's and Affise's hosts", () => {
    expect(manifest.runtimeVersion).toBe('V8');
    expect(manifest.urlFetchWhitelist).toEqual(['https://api.eflow.team/', 'https://api-eu.eflow.team/', 'https://*.affise.com/']);
    expect(manifest.oauthScopes).not.toContain('https://www.googleapis.com/auth/spreadsheets');
    expect(manifest.oauthScopes).toContain('https://www.googleapis.com/auth/spreadsheets.currentonly');
  });

  it('matches the README function table', () => {
    // The renderer is an ES module of the build; jest here loads CommonJS, so ask node directly.
    const script = `import { renderFunctionTable } from ${JSON.stringify(path.join(ROOT, 'scripts/build-wrappers.mjs'))};
      process.stdout.write(renderFunctionTable(JSON.parse(process.argv[1])));`;
    const table = execFileSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(registry)], { encoding: 'utf8' });
    expect(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')).toContain(table);
  });
});
