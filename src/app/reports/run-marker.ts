import { z } from 'zod';
import type { PropertiesPort } from '../../ports/properties';

/**
 * Which report a run is working on, kept in a document property while it works. Apps Script
 * stops a trigger outright when the user's daily trigger runtime runs out ("Service using too
 * much computer time for one day"): the add-on cannot record anything then. A marker still there
 * when the next run takes the document lock tells that the run before was stopped, and where.
 */
const MARKER_PROPERTY = 'run.underWay';

const markerSchema = z.object({
  reportId: z.string(),
  startedMs: z.number(),
  trigger: z.enum(['schedule', 'manual']),
});
export type RunMarker = z.infer<typeof markerSchema>;

export class RunMarkers {
  constructor(private readonly properties: PropertiesPort) {}

  /** The marker a run stopped from outside left behind, if any; it is cleared. Call under the document lock. */
  takeLeftover(): RunMarker | null {
    const raw = this.properties.get(MARKER_PROPERTY);
    if (raw === null) return null;
    this.properties.delete(MARKER_PROPERTY);
    try {
      const parsed = markerSchema.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  mark(marker: RunMarker): void {
    this.properties.set(MARKER_PROPERTY, JSON.stringify(marker));
  }

  clear(): void {
    this.properties.delete(MARKER_PROPERTY);
  }
}
