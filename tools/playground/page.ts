/** The playground page: the emulated spreadsheet on the left, the add-on's sidebar (an iframe of /sidebar) on the right. */
export function playgroundPage(clientScript: string, sidebarTitle: string): string {
  const title = sidebarTitle.replace(/[&<>"]/g, (character) => `&#${character.charCodeAt(0)};`);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Affiliate Billing playground</title>
<style>${STYLES}</style>
</head>
<body>
<header class="topbar">
  <div class="doc">
    <span class="logo" aria-hidden="true"></span>
    <div>
      <h1 id="doc-name">Spreadsheet</h1>
      <p class="source" id="source"></p>
    </div>
  </div>
  <p class="zone" id="zone"></p>
</header>
<div class="layout">
  <section class="sheet-area" aria-label="Spreadsheet">
    <div class="formula-bar">
      <label for="formula-input" class="name-box"><span class="visually-hidden">Contents of cell </span><span id="name-box">A1</span></label>
      <span class="fx" aria-hidden="true">fx</span>
      <input id="formula-input" type="text" autocomplete="off" spellcheck="false" aria-describedby="formula-hint">
    </div>
    <p class="hint" id="formula-hint">Select a cell and type a value or a formula such as =EFLOW_INVOICE_SUMMARY(); Enter keeps it, Escape cancels. Arrows, Tab and Enter move; F2 edits what is there.</p>
    <div class="grid-scroll" id="grid-scroll">
      <table class="grid" id="grid" role="grid" aria-label="Cells"></table>
    </div>
    <section class="charts" id="charts" aria-label="Charts on this sheet" hidden></section>
    <p class="cell-status" id="cell-status" role="status" aria-live="polite"></p>
    <div class="sheet-tabs" role="tablist" aria-label="Sheets" id="sheet-tabs"></div>
    <div class="status-bar">
      <span id="rows-status"></span>
      <span id="triggers"></span>
      <button type="button" id="advance-hour">Run the hourly trigger now</button>
      <span id="trigger-run" role="status"></span>
      <span id="grid-error" role="alert"></span>
    </div>
  </section>
  <aside class="sidebar-frame" aria-label="${title} sidebar">
    <div class="sidebar-title"><span>${title}</span></div>
    <iframe src="/sidebar" title="${title} sidebar" id="sidebar-frame"></iframe>
  </aside>
</div>
<script>${clientScript.replace(/<\/(script)/gi, '<\\/$1')}</script>
</body>
</html>`;
}

const STYLES = `
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; font: 13px/1.4 "Google Sans", Roboto, Arial, sans-serif; color: #202124; background: #f9fbfd; }
body { display: flex; flex-direction: column; }
.topbar { display: flex; align-items: center; justify-content: space-between; padding: 8px 16px; background: #fff; border-bottom: 1px solid #dadce0; }
.doc { display: flex; align-items: center; gap: 12px; }
.logo { width: 24px; height: 32px; border-radius: 3px; background: #0f9d58; position: relative; }
.logo::after { content: ""; position: absolute; inset: 10px 5px 6px; border: 2px solid #fff; border-radius: 1px; }
h1 { font-size: 18px; font-weight: 400; margin: 0; }
.source, .zone { margin: 0; color: #5f6368; font-size: 12px; }
.layout { flex: 1; display: flex; min-height: 0; }
.sheet-area { flex: 1; display: flex; flex-direction: column; min-width: 0; background: #fff; }
.formula-bar { display: flex; align-items: center; border-bottom: 1px solid #dadce0; height: 32px; }
.name-box { width: 90px; padding: 0 8px; border-right: 1px solid #dadce0; height: 100%; display: flex; align-items: center; color: #202124; }
.fx { color: #9aa0a6; font-style: italic; padding: 0 8px; border-right: 1px solid #dadce0; }
#formula-input { flex: 1; border: 0; height: 100%; padding: 0 8px; font: 13px "Roboto Mono", Consolas, monospace; }
#formula-input:focus { outline: 2px solid #1a73e8; outline-offset: -2px; }
.hint { margin: 0; padding: 2px 8px; color: #5f6368; font-size: 11px; border-bottom: 1px solid #dadce0; }
.grid-scroll { flex: 1; overflow: auto; min-height: 0; }
.grid { border-collapse: collapse; table-layout: fixed; font-size: 12px; font-family: Arial, sans-serif; }
.grid th, .grid td { border: 1px solid #e2e3e3; height: 21px; padding: 0 4px; white-space: pre; overflow: hidden; text-overflow: clip; max-width: 160px; min-width: 60px; }
.grid th { background: #f8f9fa; color: #5f6368; font-weight: 400; position: sticky; top: 0; z-index: 1; text-align: center; }
.grid th.row-head { position: sticky; left: 0; min-width: 40px; width: 40px; z-index: 2; }
.grid thead th.row-head { z-index: 3; }
.grid td { cursor: cell; }
.grid td.right { text-align: right; }
.grid td.center { text-align: center; }
.grid td.formula { background: #f1f8f4; }
.grid td.error { color: #d93025; }
.grid td.selected { outline: 2px solid #1a73e8; outline-offset: -2px; }
.grid tr.frozen td { border-bottom: 2px solid #c0c0c0; }
.sheet-tabs { display: flex; gap: 2px; padding: 4px 8px 0; background: #f1f3f4; border-top: 1px solid #dadce0; overflow-x: auto; }
.sheet-tabs button { border: 0; background: transparent; padding: 6px 14px; font: inherit; color: #5f6368; border-radius: 4px 4px 0 0; cursor: pointer; }
.sheet-tabs button[aria-selected="true"] { background: #fff; color: #188038; font-weight: 500; box-shadow: 0 -2px 0 #188038 inset; }
.sheet-tabs button:focus-visible { outline: 2px solid #1a73e8; }
.status-bar { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 16px; padding: 4px 8px; font-size: 12px; color: #5f6368; background: #f1f3f4; }
.status-bar button { font: inherit; padding: 2px 8px; border: 1px solid #dadce0; border-radius: 4px; background: #fff; color: #1a73e8; cursor: pointer; }
.status-bar button:disabled { color: #9aa0a6; cursor: default; }
.cell-status { margin: 0; padding: 2px 8px; min-height: 20px; font-size: 12px; color: #5f6368; border-top: 1px solid #dadce0; }
.cell-status.error { color: #d93025; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.grid td:focus { outline: 2px solid #1a73e8; outline-offset: -2px; }
.grid td.loading { color: #5f6368; font-style: italic; }
.grid td.checkbox { font-size: 15px; color: #5f6368; cursor: pointer; }
.grid td.checkbox[data-checked="true"] { color: #1a73e8; }
#grid-error { color: #d93025; }
.charts { display: flex; gap: 12px; overflow-x: auto; padding: 8px; border-top: 1px solid #dadce0; background: #fff; flex: none; }
.charts[hidden] { display: none; }
.chart { margin: 0; border: 1px solid #dadce0; border-radius: 4px; padding: 4px; }
.chart figcaption { font-size: 11px; color: #5f6368; padding: 0 4px; }
.chart-title { font-size: 14px; fill: #202124; }
.chart-tick, .chart-category, .chart-legend-label { font-size: 11px; fill: #5f6368; }
.chart-gridline { stroke: #e8eaed; }
.sidebar-frame { width: 301px; display: flex; flex-direction: column; border-left: 1px solid #dadce0; background: #fff; }
.sidebar-title { height: 40px; display: flex; align-items: center; padding: 0 16px; font-size: 16px; border-bottom: 1px solid #dadce0; }
.sidebar-frame iframe { flex: 1; width: 300px; border: 0; }
`;
