import type { LogPort } from '../../ports/logger';

export class AppsScriptLog implements LogPort {
  info(message: string): void {
    console.info(message);
  }

  warn(message: string): void {
    console.warn(message);
  }
}
