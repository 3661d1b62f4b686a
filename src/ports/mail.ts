export interface MailMessage {
  to: string;
  subject: string;
  /** Plain text. */
  body: string;
}

/** Sending e-mail as the current user (Apps Script MailApp). */
export interface MailPort {
  /** How many more e-mails the user may send today. */
  remainingDailyQuota(): number;
  send(message: MailMessage): void;
}
