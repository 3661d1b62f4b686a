import type { Clock, Sleeper } from '../../ports/clock';

export class AppsScriptClock implements Clock, Sleeper {
  now(): number {
    return Date.now();
  }

  sleep(ms: number): void {
    if (ms > 0) Utilities.sleep(Math.ceil(ms));
  }
}
