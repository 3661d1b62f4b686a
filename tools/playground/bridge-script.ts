/**
 * A stand-in for `google.script.run` outside Apps Script: the same chain
 * (`withSuccessHandler(..).withFailureHandler(..).fn(input)`), with each call handed to a
 * transport that answers `{ ok: true, value }` or `{ ok: false, error }`. Arguments and answers
 * go through JSON, as google.script.run serialises them.
 *
 * Returned as page script text (injected into dist/Sidebar.html), so it is plain ES2017 that runs
 * in any browser without a build step.
 */
export function googleScriptRunShim(transportSource: string): string {
  return `(function () {
  var transport = ${transportSource};
  function runner(onSuccess, onFailure) {
    return new Proxy({}, {
      get: function (_target, property) {
        if (property === 'withSuccessHandler') return function (handler) { return runner(handler, onFailure); };
        if (property === 'withFailureHandler') return function (handler) { return runner(onSuccess, handler); };
        if (property === 'withUserObject') return function () { return runner(onSuccess, onFailure); };
        if (typeof property !== 'string' || property === 'then') return undefined;
        return function () {
          var args = JSON.parse(JSON.stringify(Array.prototype.slice.call(arguments)));
          Promise.resolve()
            .then(function () { return transport(property, args); })
            .then(function (answer) {
              if (answer && answer.ok) { if (onSuccess) onSuccess(answer.value); }
              else if (onFailure) onFailure(new Error(answer && answer.error ? answer.error : 'The server did not answer.'));
            }, function (error) {
              if (onFailure) onFailure(new Error('The playground server could not be reached: ' + (error && error.message ? error.message : String(error))));
            });
        };
      }
    });
  }
  window.google = { script: { run: runner(null, null), host: { close: function () {}, setHeight: function () {}, setWidth: function () {}, editor: { focus: function () {} } } } };
})();`;
}

/**
 * The playground's transport: POST { fn, args } to the playground server, which runs the bundle
 * in the emulator; then tell the page around the sidebar that the spreadsheet may have changed.
 */
export const PLAYGROUND_TRANSPORT = `function (fn, args) {
  return fetch('/api/run', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ fn: fn, args: args }) })
    .then(function (response) { return response.json(); })
    .then(function (answer) {
      if (window.parent !== window) window.parent.postMessage({ type: 'playground:changed' }, window.location.origin);
      return answer;
    });
}`;

/** Puts a script before everything else in the page's <head>, so google.script.run exists when the page's own script runs. */
export function injectHeadScript(html: string, script: string): string {
  const tag = `<script>${script.replace(/<\/(script)/gi, '<\\/$1')}</script>`;
  const head = /<head[^>]*>/i.exec(html);
  if (!head) throw new Error('The sidebar page has no <head>.');
  const at = head.index + head[0].length;
  return `${html.slice(0, at)}\n${tag}${html.slice(at)}`;
}
