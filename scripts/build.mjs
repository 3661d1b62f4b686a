// Builds dist/, the folder `clasp push` uploads:
//   dist/Code.js         the esbuild bundle (an IIFE assigning one global) followed by generated
//                        top-level wrappers, one per public function, with their JSDoc
//   dist/appsscript.json the manifest
//   dist/Sidebar.html    the sidebar page, CSS and JS inlined (when src/sidebar exists)
// The wrappers and the README function table come from the registry inside the bundle itself,
// read back by evaluating the bundle, so they cannot drift from the code.
import { build } from 'esbuild';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { renderFunctionTable, renderWrappers } from './build-wrappers.mjs';
import { buildSidebarPages } from './build-sidebar.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
export const GLOBAL_NAME = 'AffiliateBilling';

async function bundle() {
  const result = await build({
    entryPoints: [join(root, 'src/entry/main.ts')],
    bundle: true,
    format: 'iife',
    globalName: GLOBAL_NAME,
    platform: 'neutral',
    mainFields: ['module', 'main'],
    target: 'es2020',
    charset: 'utf8',
    legalComments: 'none',
    write: false,
    logLevel: 'warning',
  });
  return result.outputFiles[0].text;
}

/** Evaluates the bundle with no Apps Script globals: loading it must not touch any service. */
function readRegistry(code) {
  const context = vm.createContext({});
  vm.runInContext(`${code}\nthis.__registry = ${GLOBAL_NAME}.registry;`, context, { filename: 'Code.js' });
  return JSON.parse(JSON.stringify(context.__registry));
}

function updateReadme(registry) {
  const readmePath = join(root, 'README.md');
  if (!existsSync(readmePath)) return;
  const readme = readFileSync(readmePath, 'utf8');
  const start = '<!-- functions:start -->';
  const end = '<!-- functions:end -->';
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) return;
  const next = `${readme.slice(0, from + start.length)}\n${renderFunctionTable(registry)}\n${readme.slice(to)}`;
  if (next !== readme) writeFileSync(readmePath, next);
}

const code = await bundle();
const registry = readRegistry(code);
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
writeFileSync(join(dist, 'Code.js'), `${code}\n${renderWrappers(registry, GLOBAL_NAME)}`);
writeFileSync(join(dist, 'appsscript.json'), readFileSync(join(root, 'appsscript.json')));
await buildSidebarPages(root, dist);
updateReadme(registry);
console.log(`dist/ built: ${registry.length} public functions, Code.js ${Math.round(code.length / 1024)} KB`);
