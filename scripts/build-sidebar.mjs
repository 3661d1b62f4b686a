// HtmlService serves one HTML file per page, so each page under src/sidebar/ is built into a
// single file: its TypeScript bundled by esbuild and its CSS inlined into the HTML template.
//   src/sidebar/<Page>.html   template with <!-- inline:style --> and <!-- inline:script -->
//   src/sidebar/<Page>.ts     entry of the page's script
//   src/sidebar/<Page>.css    the page's styles (its @imports inlined)
import { build } from 'esbuild';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** `</script` inside inlined code would end the script element early. */
const escapeScript = (code) => code.replace(/<\/(script)/gi, '<\\/$1');

export async function buildSidebarPages(root, dist) {
  const dir = join(root, 'src/sidebar');
  if (!existsSync(dir)) return;
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.html'))) {
    const page = file.slice(0, -'.html'.length);
    const template = readFileSync(join(dir, file), 'utf8');
    const script = await build({
      entryPoints: [join(dir, `${page}.ts`)],
      bundle: true,
      format: 'iife',
      target: 'es2020',
      platform: 'browser',
      minify: true,
      write: false,
      logLevel: 'warning',
    });
    const cssPath = join(dir, `${page}.css`);
    // Bundled, so a page's CSS can @import what pages share (the review view's rules, the dialog's base).
    const css = existsSync(cssPath) ? (await build({ entryPoints: [cssPath], bundle: true, write: false, logLevel: 'warning' })).outputFiles[0].text : '';
    const html = template
      .replace('<!-- inline:style -->', () => `<style>\n${css}</style>`)
      .replace('<!-- inline:script -->', () => `<script>${escapeScript(script.outputFiles[0].text)}</script>`);
    writeFileSync(join(dist, `${page}.html`), html);
  }
}
