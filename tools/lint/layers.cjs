// The layer rules of docs/architecture.md as an ESLint rule, so a module reaching past its layer
// fails `npm run lint`. Zero dependencies: imports are resolved by path, not by a resolver plugin.
//
// A file's layer is its folder under src/ (a provider's own folder is `provider/<name>`, the
// files beside the provider folders are `provider`). Each layer lists the layers it may import;
// `provider/*` means "any provider folder", `provider/own` its own folder only, and a path such
// as `app/sidebar/api` that one module.
'use strict';

const path = require('node:path');

/** Who may import whom: the arrows of docs/architecture.md. */
const LAYERS = {
  // The model names a provider only for what that provider alone has.
  model: { mayImport: ['model', 'ports'], appsScript: false, namesProviders: true },
  ports: { mayImport: ['ports'], appsScript: false, namesProviders: false },
  provider: { mayImport: ['provider', 'model', 'ports'], appsScript: false, namesProviders: true },
  'provider/*': { mayImport: ['provider/own', 'provider', 'model', 'ports'], appsScript: false, namesProviders: true },
  sheet: { mayImport: ['sheet', 'model', 'ports'], appsScript: false, namesProviders: false },
  app: { mayImport: ['app', 'sheet', 'provider', 'provider/*', 'model', 'ports'], appsScript: false, namesProviders: true },
  platform: { mayImport: ['platform', 'ports'], appsScript: true, namesProviders: false },
  entry: { mayImport: ['entry', 'app', 'sheet', 'provider', 'provider/*', 'model', 'ports', 'platform'], appsScript: true, namesProviders: true },
  // The sidebar page runs in the browser: it reaches the server only through the typed bridge.
  sidebar: { mayImport: ['sidebar', 'app/sidebar/api', 'app/sidebar/formula-text'], appsScript: false, namesProviders: true },
};

/** Apps Script's services: only the platform adapters and the entry wiring touch them. */
const APPS_SCRIPT_GLOBALS = new Set([
  'SpreadsheetApp',
  'UrlFetchApp',
  'CacheService',
  'PropertiesService',
  'LockService',
  'Utilities',
  'ScriptApp',
  'HtmlService',
  'Session',
  'MailApp',
  'GmailApp',
  'Logger',
  'DriveApp',
  'Browser',
  'CardService',
  'ContentService',
  'google',
]);

/** A provider's name, however it is written: what a layer that names no provider must not say. */
const PROVIDER_NAMES = /everflow|eflow|affise/i;

/** A file's layer ('sheet', 'provider', 'provider/everflow') and path relative to src without extension ('app/sidebar/api'); null outside src. */
function placeOf(srcRoot, file) {
  const relative = path.relative(srcRoot, file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return null;
  const parts = relative.split(path.sep);
  const layer = parts[0] === 'provider' && parts.length > 2 ? `provider/${parts[1]}` : parts[0];
  return { layer, path: parts.join('/').replace(/\.[cm]?[jt]s$/, '') };
}

function allows(rule, from, to) {
  return rule.mayImport.some((allowed) => {
    if (allowed === to.layer) return true;
    if (allowed === 'provider/own') return to.layer === from.layer;
    if (allowed === 'provider/*') return to.layer.startsWith('provider/');
    return allowed.includes('/') && allowed === to.path;
  });
}

/** Which layer rule applies to a place: a provider folder takes `provider/*`. */
function ruleOf(place) {
  if (place.layer.startsWith('provider/')) return LAYERS['provider/*'];
  return LAYERS[place.layer] ?? null;
}

const mayImport = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports follow the layer arrows of docs/architecture.md; Apps Script globals stay in platform and entry.' },
    schema: [{ type: 'object', properties: { srcRoot: { type: 'string' } }, required: ['srcRoot'], additionalProperties: false }],
    messages: {
      layer: '{{from}} may not import {{to}} ("{{specifier}}"): {{from}} may import {{allowed}} (docs/architecture.md).',
      otherProvider: '{{from}} may not import {{to}} ("{{specifier}}"): a provider knows nothing of another provider.',
      appsScript: '{{from}} may not use the Apps Script global {{name}}: go through a port (src/ports) wired in src/entry.',
      providerName: '{{from}} names no provider, but this says "{{word}}": name what the thing is, not whose it is.',
    },
  },
  create(context) {
    const srcRoot = context.options[0].srcRoot;
    const from = placeOf(srcRoot, context.filename);
    const rule = from && ruleOf(from);
    if (!from || !rule) return {};

    function checkSpecifier(node, specifier) {
      if (typeof specifier !== 'string' || !specifier.startsWith('.')) return;
      const to = placeOf(srcRoot, path.resolve(path.dirname(context.filename), specifier));
      if (to === null || allows(rule, from, to)) return;
      if (from.layer.startsWith('provider/') && to.layer.startsWith('provider/')) {
        context.report({ node, messageId: 'otherProvider', data: { from: `src/${from.layer}`, to: `src/${to.layer}`, specifier } });
        return;
      }
      const allowed = rule.mayImport.map((layer) => (layer === 'provider/own' ? 'its own folder' : `src/${layer}`)).join(', ');
      context.report({ node, messageId: 'layer', data: { from: `src/${from.layer}`, to: `src/${to.layer}`, specifier, allowed } });
    }

    const source = (node) => checkSpecifier(node.source, node.source && node.source.value);
    return {
      ImportDeclaration: source,
      ExportNamedDeclaration: source,
      ExportAllDeclaration: source,
      ImportExpression: (node) => checkSpecifier(node.source, node.source.type === 'Literal' ? node.source.value : undefined),
      'Program:exit'(program) {
        const sourceCode = context.sourceCode;
        if (!rule.appsScript) {
          for (const reference of sourceCode.scopeManager.globalScope.through) {
            const name = reference.identifier.name;
            if (APPS_SCRIPT_GLOBALS.has(name)) context.report({ node: reference.identifier, messageId: 'appsScript', data: { from: `src/${from.layer}`, name } });
          }
        }
        if (!rule.namesProviders) {
          const match = PROVIDER_NAMES.exec(sourceCode.text);
          if (match) context.report({ node: program, loc: sourceCode.getLocFromIndex(match.index), messageId: 'providerName', data: { from: `src/${from.layer}`, word: match[0] } });
        }
      },
    };
  },
};

module.exports = { LAYERS, APPS_SCRIPT_GLOBALS, plugin: { rules: { 'may-import': mayImport } } };
