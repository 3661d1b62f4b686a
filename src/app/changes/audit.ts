/** One row of the audit log: a change sent (or its outcome found out later), as it happened. */
export interface AuditRow {
  atMs: number;
  user: string;
  account: string;
  invoice: string;
  action: string;
  before: string;
  after: string;
  /**
   * `applied`, `refused`, `outcome unknown`, `applied (confirmed by reading)`, `not applied
   * (checked)`, `accepted (created later)`, `created as invoice N`. Exactly one row per change
   * starts with `applied` or `accepted`: the one saying it landed.
   */
  result: string;
  /** The provider's message, as it answered (already made inert and redacted by the provider layer). */
  message: string;
}

/** Where audit rows go (a protected sheet in the add-on; a list in tests). Appends durably, in order. */
export interface AuditSink {
  append(rows: readonly AuditRow[]): void;
}
