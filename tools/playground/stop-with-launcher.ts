/**
 * `npm start` runs the server under npm, a shell and tsx. Killing npm (`kill <pid>` of a
 * backgrounded `npm start`) signals none of them onward, so the server would keep its port. It
 * therefore watches every process from its parent up to the npm that launched it, and stops when
 * any of them is gone. Run without npm, it watches its parent only. Needs `ps` (Linux, macOS);
 * elsewhere it watches the parent only.
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

/**
 * The processes to outlive none of: the parent, and under npm every ancestor up to the outermost
 * npm (`npm start` runs `npm run serve` in its turn).
 */
export function launcherPids(): number[] {
  if (process.env['npm_lifecycle_event'] === undefined) return [process.ppid];
  const ancestors: Array<{ pid: number; npm: boolean }> = [];
  for (let pid = process.ppid; pid > 1 && ancestors.length < MAX_ANCESTORS; ) {
    const self = parentOf(pid);
    if (!self) break;
    ancestors.push({ pid, npm: isNpm(self.command) });
    pid = self.ppid;
  }
  if (ancestors.length === 0) return [process.ppid];
  const outermostNpm = ancestors.map((ancestor) => ancestor.npm).lastIndexOf(true);
  return ancestors.slice(0, Math.max(outermostNpm + 1, 1)).map((ancestor) => ancestor.pid);
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
