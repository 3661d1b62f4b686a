import type { ReportDefinitionInput } from '../../../../src/app/reports/definition';
import { saveReport, type ReportAdminDeps } from '../../../../src/app/reports/manage-reports';
import type { ReportsDeps } from '../../../../src/app/reports/run-reports';
import type { StoredReport } from '../../../../src/app/reports/report-store';
import { Deadline } from '../../../../src/ports/clock';
import type { LockPort } from '../../../../src/ports/lock';
import type { LogPort } from '../../../../src/ports/logger';
import type { MailMessage, MailPort } from '../../../../src/ports/mail';
import type { TimeTrigger, TriggerPort } from '../../../../src/ports/triggers';
import { SharedClock } from '../../../../test-support/clock';
import { IntlZoneRules } from '../../../../test-support/intl-zone-rules';
import { MemoryProperties } from '../../../../test-support/memory-ports';
import { FakeProvider } from './fake-provider';
import { MemorySpreadsheet } from '../../../../test-support/memory-spreadsheet';

/** A document lock another execution may hold. */
export class MemoryLock implements LockPort {
  heldElsewhere = false;
  held = false;
  waitedMs = 0;

  constructor(private readonly clock: SharedClock) {}

  tryLock(timeoutMs: number): boolean {
    if (this.heldElsewhere) {
      this.clock.sleep(timeoutMs);
      this.waitedMs += timeoutMs;
      return false;
    }
    this.held = true;
    return true;
  }

  release(): void {
    this.held = false;
  }
}

export class MemoryTriggers implements TriggerPort {
  readonly triggers: TimeTrigger[] = [];
  private nextId = 1;
  created = 0;

  listTimeTriggers(): TimeTrigger[] {
    return this.triggers.map((trigger) => ({ ...trigger }));
  }

  createHourlyTrigger(handler: string): TimeTrigger {
    // Editor add-ons: one time trigger per user per document.
    if (this.triggers.length > 0) throw new Error('This add-on has created too many time-based triggers in this document for this Google user account.');
    const trigger = { id: `t${this.nextId++}`, handler };
    this.triggers.push(trigger);
    this.created += 1;
    return { ...trigger };
  }

  deleteTrigger(id: string): void {
    const index = this.triggers.findIndex((trigger) => trigger.id === id);
    if (index >= 0) this.triggers.splice(index, 1);
  }
}

export class MemoryMail implements MailPort {
  readonly sent: MailMessage[] = [];
  quota = 100;

  remainingDailyQuota(): number {
    return this.quota;
  }

  send(message: MailMessage): void {
    this.sent.push(message);
    this.quota -= 1;
  }
}

export class MemoryLog implements LogPort {
  readonly lines: string[] = [];

  info(message: string): void {
    this.lines.push(`info: ${message}`);
  }

  warn(message: string): void {
    this.lines.push(`warn: ${message}`);
  }
}

export const API_KEY = 'secret-key-1234567890';

/** Everything a reports test needs, on one virtual clock. */
export class Harness {
  readonly clock: SharedClock;
  readonly zones = new IntlZoneRules();
  readonly spreadsheet: MemorySpreadsheet;
  readonly documentProperties = new MemoryProperties();
  readonly lock: MemoryLock;
  readonly triggers = new MemoryTriggers();
  readonly mail = new MemoryMail();
  readonly log = new MemoryLog();
  readonly provider: FakeProvider;
  openProvider: () => FakeProvider;

  constructor(options: { startMs?: number; timeZone?: string } = {}) {
    this.clock = SharedClock.virtual(options.startMs);
    this.spreadsheet = new MemorySpreadsheet(options.timeZone);
    this.lock = new MemoryLock(this.clock);
    this.provider = new FakeProvider(this.clock);
    this.openProvider = () => this.provider;
  }

  deps(): ReportsDeps {
    return {
      spreadsheet: this.spreadsheet,
      documentProperties: this.documentProperties,
      documentLock: this.lock,
      clock: this.clock,
      zones: this.zones,
      log: this.log,
      mail: this.mail,
      openProvider: () => this.openProvider(),
      openAffise: () => {
        throw new Error('These tests run Everflow reports only.');
      },
      secrets: () => [API_KEY],
    };
  }

  adminDeps(): ReportAdminDeps {
    return { documentProperties: this.documentProperties, spreadsheet: this.spreadsheet, triggers: this.triggers, clock: this.clock, zones: this.zones };
  }

  /** An execution's budget: 5 minutes from now. */
  deadline(budgetMs = 5 * 60_000): Deadline {
    return Deadline.after(this.clock, budgetMs);
  }

  save(input: ReportDefinitionInput, ownerEmail: string | null = 'owner@example.com'): StoredReport {
    return saveReport(this.adminDeps(), input, ownerEmail).report;
  }
}
