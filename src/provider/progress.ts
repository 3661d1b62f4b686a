/** How far a stopped batch got. */
export interface Progress {
  done: number;
  total: number;
  /** Plural noun for the units: "invoices", "pages". */
  unit: string;
}

/** What a provider's deadline error says: how far it got and, when a retry was under way, why. */
export function stoppedForTimeMessage(progress: Progress, lastFailure: { message: string } | null): string {
  return (
    `Stopped to stay within the time limit after ${progress.done} of ${progress.total} ${progress.unit}` +
    (lastFailure ? `; the last attempt failed: ${lastFailure.message}` : '.')
  );
}
