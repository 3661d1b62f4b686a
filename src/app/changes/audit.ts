/** One row of the audit log: a change sent (or its outcome found out later), as it happened. */
export interface AuditRow {
  atMs: number;
  user: string;
  account: string;
  invoice: string;
  action: string;
  before: string;
  after: string;
  /** `applied`, `refused`, `outcome unknown`, `applied (confirmed by reading)`, `not applied (checked)`, `sent (created later)`. */
  result: string;
  /** The provider's message, as it answered (already made inert and redacted by the provider layer). */
  message: string;
}

/** Where audit rows go (a protected sheet in the add-on; a list in tests). Appends durably, in order. */
export interface AuditSink {
  append(rows: readonly AuditRow[]): void;
}
