import type { MailMessage, MailPort } from '../../ports/mail';

export class AppsScriptMail implements MailPort {
  remainingDailyQuota(): number {
    return MailApp.getRemainingDailyQuota();
  }

  send(message: MailMessage): void {
    MailApp.sendEmail(message.to, message.subject, message.body);
  }
}
