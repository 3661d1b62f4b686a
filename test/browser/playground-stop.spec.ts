/**
 * Stopping the playground stops its server: `npm start` run in the background and then killed
 * (its npm process, which forwards no signal) leaves no server holding the port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { UI_TIMEOUT_MS } from './support/playground';

const ROOT = join(__dirname, '..', '..');
const STARTED = /playground: (http:\/\/127\.0\.0\.1:\d+\/)/;

/** GET the page: the status code, or null once nothing listens there. */
function statusOf(url: string): Promise<number | null> {
  return new Promise((resolve) => {
    const call = request(url, (response) => {
      response.resume();
      resolve(response.statusCode ?? null);
    });
    call.on('error', () => resolve(null));
    call.end();
  });
}

/** Polls until `probe` answers; the limit only catches a hang (tsx starts slowly on a busy machine). */
async function until<T>(probe: () => Promise<T | null>, what: string): Promise<T> {
  for (const deadline = Date.now() + UI_TIMEOUT_MS; Date.now() < deadline; ) {
    const value = await probe();
    if (value !== null) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Gave up waiting: ${what}`);
}

let npm: ChildProcess | null = null;
afterAll(() => {
  if (npm?.exitCode === null) npm.kill('SIGKILL');
});

test('killing the npm process of a backgrounded playground stops the server', async () => {
  // The same script `npm start` runs after building (the build is left out: other specs use dist/).
  npm = spawn('npm', ['run', 'serve', '--', '--no-open', '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  npm.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  npm.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await until(async () => STARTED.exec(output)?.[1] ?? null, `the playground's address in ${JSON.stringify(output)}`);
  expect(await statusOf(url)).toBe(200);
  expect(output).toContain('Ctrl-C (or killing npm start) stops it.');

  npm.kill('SIGTERM');
  await until(async () => ((await statusOf(url)) === null ? true : null), `the server at ${url} to stop`);
});
