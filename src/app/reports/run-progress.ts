import { z } from 'zod';
import type { CachePort } from '../../ports/cache';
import type { Clock } from '../../ports/clock';
import type { Progress } from './definition';

/** A run's count is written at most this often: a cache write per invoice would cost more than it tells. */
export const PROGRESS_WRITE_INTERVAL_MS = 1_000;
/** Longer than one execution (6 minutes): a stale count never outlives the run by much. */
const PROGRESS_TTL_SECONDS = 600;

const recordSchema = z.object({ done: z.number().int().min(0), total: z.number().int().min(0), atMs: z.number() });
export type ProgressRecord = z.infer<typeof recordSchema>;

/** Keyed by report id only: the record holds two counts and a time, nothing secret. */
const keyOf = (reportId: string): string => `run-progress:${reportId}`;

/**
 * How far a running report has come, while it runs: the document cache is shared by every
 * execution of the document, so a second call (the sidebar asking) reads what the running one
 * writes. Best effort: a cache that refuses a write loses a count, never the run.
 */
export class RunProgressStore {
  private lastWrite = new Map<string, number>();

  constructor(
    private readonly cache: CachePort,
    private readonly clock: Clock,
  ) {}

  /** Records the count; skipped when the last one of this report is under a second old, unless the run is through. */
  record(reportId: string, progress: Progress): void {
    const now = this.clock.now();
    const last = this.lastWrite.get(reportId);
    if (last !== undefined && now - last < PROGRESS_WRITE_INTERVAL_MS && progress.done < progress.total) return;
    this.lastWrite.set(reportId, now);
    const record: ProgressRecord = { done: progress.done, total: progress.total, atMs: now };
    try {
      this.cache.put(keyOf(reportId), JSON.stringify(record), PROGRESS_TTL_SECONDS);
    } catch {
      // The count is a courtesy: the run goes on without it.
    }
  }

  read(reportId: string): ProgressRecord | null {
    const text = this.cache.get(keyOf(reportId));
    if (text === null) return null;
    try {
      const parsed = recordSchema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  clear(reportId: string): void {
    this.lastWrite.delete(reportId);
    this.cache.remove(keyOf(reportId));
  }
}
