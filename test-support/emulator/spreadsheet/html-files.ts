import fs from 'node:fs';
import path from 'node:path';
import type { HtmlFileReader } from './html-service';

/** Reads `<directory>/<name>.html`, as HtmlService reads the pushed project's HTML files. */
export function htmlFilesIn(directory: string): HtmlFileReader {
  return (name) => {
    const file = path.join(directory, `${name}.html`);
    return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
  };
}
