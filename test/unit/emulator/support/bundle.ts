import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const DEFAULT_TEST_MANIFEST = {
  timeZone: 'Etc/UTC',
  runtimeVersion: 'V8',
  oauthScopes: ['https://www.googleapis.com/auth/script.external_request', 'https://www.googleapis.com/auth/spreadsheets.currentonly'],
};

/** Writes a tiny pushed project (files by name, plus appsscript.json) to a fresh temp dir. */
export function writeBundle(files: Readonly<Record<string, string>>, manifest: object = DEFAULT_TEST_MANIFEST): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emulator-bundle-'));
  for (const [name, source] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), source);
  fs.writeFileSync(path.join(dir, 'appsscript.json'), JSON.stringify(manifest));
  return dir;
}
