/**
 * An error Apps Script's own services raise ("Exception: ..." in the script). Host-side code
 * (stores, the fake services) throws this; `EmulatorRuntime.invoke` turns it into an Error of the
 * script's realm named 'Exception', so `String(e)` in the bundle reads as it does in Apps Script.
 */
export class AppsScriptException extends Error {
  override readonly name = 'Exception';
}
