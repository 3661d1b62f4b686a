/**
 * `npm start` runs the server under npm, a shell and tsx. Killing npm (`kill <pid>` of a
 * backgrounded `npm start`) signals none of them onward, so the server would keep its port. It
 * therefore watches every process from its parent up to the npm that launched it, and stops when
 * any of them is gone. Run without npm, it watches its parent only.
 */
import { execFileSync } from 'node:child_process';

const POLL_MS = 1_000;
/** Far enough to pass a shell, tsx and npm's own wrappers, never a runaway walk. */
const MAX_ANCESTORS = 8;

/** The parent's pid and command line of a process (ps is on Linux and macOS); null when unknown. */
function parentOf(pid: number): { ppid: number; command: string } | null {
  try {
    const line = execFileSync('ps', ['-o', 'ppid=,args=', '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const match = /^(\d+)\s+(.*)$/.exec(line);
    return match ? { ppid: Number(match[1]), command: match[2] ?? '' } : null;
  } catch {
    return null;
  }
}

/** "npm start", or node running npm-cli.js; not a shell whose -c text mentions npm. */
function isNpm(command: string): boolean {
  const [program = '', script = ''] = command.split(/\s+/).map((word) => word.split('/').pop() ?? '');
  return program === 'npm' || program === 'npm.cmd' || (/^node(\.exe)?$/.test(program) && /^npm(-cli\.js)?$/.test(script));
}

/** The processes to outlive none of: the parent, and under npm every ancestor up to npm itself. */
export function launcherPids(): number[] {
  const pids = [process.ppid];
  if (process.env['npm_lifecycle_event'] === undefined) return pids;
  for (let pid = process.ppid; pids.length < MAX_ANCESTORS; ) {
    const self = parentOf(pid);
    if (!self || isNpm(self.command)) break;
    if (self.ppid <= 1) break;
    pids.push(self.ppid);
    pid = self.ppid;
  }
  return pids;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Calls `stop` once, as soon as a launcher process has exited (the timer never keeps the process alive). */
export function stopWithLauncher(stop: () => void): void {
  const watched = launcherPids();
  const timer = setInterval(() => {
    if (watched.every(isAlive) && process.ppid === watched[0]) return;
    clearInterval(timer);
    stop();
  }, POLL_MS);
  timer.unref();
}
