import { z } from 'zod';
import type { PropertiesPort } from '../../ports/properties';
import type { PlannedChange } from './change';

/*
 * The durable apply journal: one document property per change, written before its request goes
 * out and after its answer comes back. It survives a timeout, a crash and the 6-minute limit, so
 * the next apply knows what was sent, what is unclear, and what is left.
 */

const fieldChangeSchema = z.object({ field: z.string(), label: z.string(), before: z.string(), after: z.string() });

const plannedChangeSchema = z.object({
  key: z.string(),
  action: z.enum(['update', 'correction', 'delete', 'create']),
  invoiceId: z.string().nullable(),
  rowKey: z.string(),
  fields: z.array(fieldChangeSchema),
  amount: z.object({ text: z.string(), currency: z.string() }).nullable(),
  comment: z.string(),
  affiliateId: z.string().nullable(),
  token: z.string().nullable(),
  baseVersion: z.string().nullable(),
  newInvoice: z
    .object({
      startDate: z.string(),
      endDate: z.string(),
      paymentTermsDays: z.number().int().nullable(),
      internalNotes: z.string(),
      lines: z.array(z.object({ offerId: z.string().nullable(), type: z.string(), amount: z.string(), quantity: z.number().int(), notes: z.string() })),
    })
    .optional(),
});

const journalEntrySchema = z.object({
  planId: z.string(),
  /** The change's place in its plan. */
  seq: z.number().int(),
  change: plannedChangeSchema,
  state: z.enum(['queued', 'under-way', 'applied', 'refused', 'conflict', 'awaiting']),
  /** Evidence taken before sending, for the "did it land?" check (ChangeProvider.baseline). */
  baseline: z.string(),
  /** The audit log's "before" for this change. */
  before: z.string(),
  /** The last result in words. */
  message: z.string(),
  /** When the state was last set. */
  atMs: z.number(),
  /** A creation's invoice id once found. */
  createdId: z.string().nullable(),
  /** A creation the provider accepted (audited as such): finding it later only adds its id. */
  accepted: z.boolean().default(false),
});

export type JournalEntry = z.infer<typeof journalEntrySchema>;

/** What an answered entry adds (state, before, message) over a queued one. */
const ANSWER_ROOM_BYTES = 120;

/** A change's journal entry as a plan is confirmed. */
export function queuedEntry(planId: string, seq: number, change: PlannedChange, atMs: number): JournalEntry {
  return { planId, seq, change, state: 'queued', baseline: '', before: '', message: 'Confirmed; not sent yet.', atMs, createdId: null, accepted: false };
}

export class ChangeJournal {
  private readonly prefix: string;

  /** `scope` separates journals (one per editable report). */
  constructor(
    private readonly properties: PropertiesPort,
    scope: string,
  ) {
    this.prefix = `changes.${scope}.`;
  }

  /** Every entry, in plan and sequence order. Entries that cannot be read are reported, never dropped silently. */
  entries(): JournalEntry[] {
    const entries: JournalEntry[] = [];
    for (const key of this.properties.keys()) {
      if (!key.startsWith(this.prefix)) continue;
      const text = this.properties.get(key);
      if (text === null) continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new Error(`The apply journal entry ${key} cannot be read; nothing is sent until it is checked.`);
      }
      const reading = journalEntrySchema.safeParse(parsed);
      if (!reading.success) throw new Error(`The apply journal entry ${key} is not in the expected shape; nothing is sent until it is checked.`);
      entries.push(reading.data);
    }
    return entries.sort((a, b) => (a.planId === b.planId ? a.seq - b.seq : a.planId < b.planId ? -1 : 1));
  }

  /** Writes one entry now (Apps Script properties are durable when set). */
  put(entry: JournalEntry): void {
    this.properties.set(this.prefix + entry.change.key, JSON.stringify(entry));
  }

  update(entry: JournalEntry, patch: Partial<Pick<JournalEntry, 'state' | 'baseline' | 'before' | 'message' | 'atMs' | 'createdId' | 'accepted'>>): JournalEntry {
    const next = { ...entry, ...patch };
    this.put(next);
    return next;
  }

  /** Bytes an entry takes in the store (key and value), with room for its answer. */
  sizeOf(entry: JournalEntry): number {
    return this.prefix.length + entry.change.key.length + JSON.stringify(entry).length + ANSWER_ROOM_BYTES;
  }

  remove(changeKey: string): void {
    this.properties.delete(this.prefix + changeKey);
  }
}
