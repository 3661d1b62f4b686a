import { DeadlineExceededError } from '../ports/clock';
import { stoppedForTimeMessage, type Progress } from './progress';

/** What every provider failure tells, the deadline error included (which extends the ports' DeadlineExceededError). */
export interface ProviderFailure<Kind extends string> {
  readonly kind: Kind;
  /** True when the same call may succeed later unchanged (limits, outages); false when something must be fixed first. */
  readonly retryable: boolean;
  readonly message: string;
}

/** What was being asked when a request failed, for the message; each provider adds what its messages name. */
export interface RequestFailureContext {
  /** Human words for the request: "invoice 123", "the invoice list (page 2)". */
  subject: string;
  /** Requests sent for this subject, retries included. */
  attempts: number;
  /** The API key: masked wherever it appears in outside text. */
  secret: string;
}

/** A provider's typed failure of one request; each provider names its kinds and its classes. */
export abstract class ProviderError<Kind extends string> extends Error implements ProviderFailure<Kind> {
  abstract readonly kind: Kind;

  constructor(
    message: string,
    readonly retryable: boolean,
    /** The HTTP status the provider answered, null when there was no usable answer. */
    readonly status: number | null,
  ) {
    super(message);
  }
}

/**
 * Time ran out before the work was done. Extends the ports' provider-neutral error so the app
 * layer can keep the partial progress whatever the provider.
 */
export abstract class ProviderDeadlineError<LastFailure extends Error> extends DeadlineExceededError implements ProviderFailure<'deadline'> {
  readonly kind = 'deadline';
  readonly retryable = true;

  constructor(
    progress: Progress,
    /** The failure being retried when time ran out, if any. */
    readonly lastFailure: LastFailure | null,
  ) {
    super(stoppedForTimeMessage(progress, lastFailure), progress.done, progress.total);
  }
}
