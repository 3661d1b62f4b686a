import { formatString } from './format-string';
import type { EmulatorRuntime } from './runtime';
import { isDate } from './script-realm';

export type LogLevel = 'debug' | 'info' | 'log' | 'warn' | 'error';

export interface LogRecord {
  source: 'Logger' | 'console';
  level: LogLevel;
  message: string;
  /** On the shared clock. */
  atMs: number;
}

/** Where Logger and console write; the emulator keeps one for its whole life. */
export class LogSink {
  readonly records: LogRecord[] = [];
  /** Logger's lines of the execution under way (Logger.getLog); the emulator resets it per call. */
  executionLines: string[] = [];

  get lines(): string[] {
    return this.records.map((record) => record.message);
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return value;
  if (isDate(value)) return value.toString();
  if (Object.prototype.toString.call(value) === '[object Error]') return String((value as Error).stack ?? value);
  if (typeof value === 'object' && value !== null) {
    try {
      return JSON.stringify(value);
    } catch {
      return String(value);
    }
  }
  return String(value);
}

/** The `Logger` global. */
export class LoggerFake {
  constructor(
    private readonly runtime: EmulatorRuntime,
    private readonly sink: LogSink,
  ) {}

  /** Logger.log(data) or Logger.log(format, ...values) with '%s'-style formats. */
  log(data: unknown, ...values: unknown[]): this {
    this.runtime.invoke('Logger.log', () => {
      const message = values.length > 0 ? formatString(String(data), values) : describe(data);
      this.sink.records.push({ source: 'Logger', level: 'info', message, atMs: this.runtime.clock.now() });
      this.sink.executionLines.push(message);
    });
    return this;
  }

  getLog(): string {
    return this.runtime.invoke('Logger.getLog', () => this.sink.executionLines.join('\n'));
  }

  clear(): void {
    this.runtime.invoke('Logger.clear', () => {
      this.sink.executionLines = [];
    });
  }
}

/** The `console` global (Apps Script sends it to Cloud Logging; here to the sink). */
export class ConsoleFake {
  private readonly timers = new Map<string, number>();

  constructor(
    private readonly runtime: EmulatorRuntime,
    private readonly sink: LogSink,
  ) {}

  log(...values: unknown[]): void {
    this.write('log', values);
  }

  info(...values: unknown[]): void {
    this.write('info', values);
  }

  debug(...values: unknown[]): void {
    this.write('debug', values);
  }

  warn(...values: unknown[]): void {
    this.write('warn', values);
  }

  error(...values: unknown[]): void {
    this.write('error', values);
  }

  time(label = 'default'): void {
    this.runtime.invoke('console.time', () => this.timers.set(String(label), this.runtime.clock.now()));
  }

  timeEnd(label = 'default'): void {
    const startedAt = this.timers.get(String(label));
    if (startedAt === undefined) return;
    this.timers.delete(String(label));
    this.write('info', [`${String(label)}: ${this.runtime.clock.now() - startedAt}ms`]);
  }

  private write(level: LogLevel, values: readonly unknown[]): void {
    this.runtime.invoke(`console.${level}`, () => {
      const [first, ...rest] = values;
      const message =
        typeof first === 'string' && first.includes('%') && rest.length > 0 ? formatString(first, rest) : values.map(describe).join(' ');
      this.sink.records.push({ source: 'console', level, message, atMs: this.runtime.clock.now() });
    });
  }
}
