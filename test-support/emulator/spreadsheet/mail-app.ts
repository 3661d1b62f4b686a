/**
 * MailApp: sent mail goes to an outbox tests read. The daily quota (100 recipients for a consumer
 * account) counts every recipient (to, cc, bcc) over the last 24 hours of the shared clock.
 */
import { z } from 'zod';
import type { Clock } from '../../../src/ports/clock';
import { AppsScriptException } from '../exception';
import { SCOPES, type ServiceContext } from './service-context';

export const DEFAULT_DAILY_MAIL_QUOTA = 100;
const DAY_MS = 86_400_000;
const EMAIL = /^[^\s@,;<>]+@[^\s@,;<>]+\.[^\s@,;<>]+$/;

export interface SentMail {
  to: string;
  subject: string;
  body: string;
  htmlBody?: string;
  cc?: string;
  bcc?: string;
  name?: string;
  replyTo?: string;
  noReply?: boolean;
  /** Every address the message went to (to, cc and bcc). */
  recipients: string[];
  sentAtMs: number;
}

const optionsSchema = z.object({
  htmlBody: z.string().optional(),
  cc: z.string().optional(),
  bcc: z.string().optional(),
  name: z.string().optional(),
  replyTo: z.string().optional(),
  noReply: z.boolean().optional(),
  attachments: z.array(z.unknown()).optional(),
});

const messageSchema = optionsSchema.extend({
  to: z.string(),
  subject: z.string(),
  body: z.string().optional(),
});

export class MailOutbox {
  readonly sent: SentMail[] = [];

  constructor(readonly dailyQuota = DEFAULT_DAILY_MAIL_QUOTA) {}

  remainingQuota(nowMs: number): number {
    const used = this.sent.filter((mail) => mail.sentAtMs > nowMs - DAY_MS).reduce((sum, mail) => sum + mail.recipients.length, 0);
    return Math.max(0, this.dailyQuota - used);
  }
}

function addresses(list: string | undefined): string[] {
  return (list ?? '')
    .split(',')
    .map((address) => address.trim())
    .filter((address) => address !== '');
}

export class MailAppFake {
  constructor(
    private readonly context: ServiceContext,
    private readonly outbox: MailOutbox,
    private readonly clock: Clock,
  ) {}

  /** sendEmail(recipient, subject, body, options?) or sendEmail(message). */
  sendEmail(...args: unknown[]): void {
    this.context.call('MailApp.sendEmail', 'write', SCOPES.sendMail, () => {
      const options: unknown = args[3] ?? {};
      const candidate = args.length === 1 || typeof options !== 'object' ? args[0] : { ...options, to: args[0], subject: args[1], body: args[2] };
      const parsed = messageSchema.safeParse(candidate);
      if (!parsed.success || (parsed.data.body === undefined && parsed.data.htmlBody === undefined)) {
        throw new AppsScriptException("The parameters don't match the method signature for MailApp.sendEmail.");
      }
      const { attachments: _attachments, ...message } = parsed.data;
      const recipients = [...addresses(message.to), ...addresses(message.cc), ...addresses(message.bcc)];
      if (recipients.length === 0) throw new AppsScriptException('Failed to send email: no recipient');
      const invalid = recipients.find((address) => !EMAIL.test(address));
      if (invalid !== undefined) throw new AppsScriptException(`Invalid email: ${invalid}`);
      const now = this.clock.now();
      if (this.outbox.remainingQuota(now) < recipients.length) throw new AppsScriptException('Service invoked too many times for one day: email.');
      this.outbox.sent.push({ ...message, body: message.body ?? '', recipients, sentAtMs: now });
    });
  }

  getRemainingDailyQuota(): number {
    return this.context.call('MailApp.getRemainingDailyQuota', 'read', SCOPES.sendMail, () => this.outbox.remainingQuota(this.clock.now()));
  }
}
