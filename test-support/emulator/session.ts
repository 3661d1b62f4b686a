import crypto from 'node:crypto';
import type { EmulatorRuntime } from './runtime';

/** Apps Script's User, as far as an add-on sees one. */
class UserFake {
  constructor(
    private readonly runtime: EmulatorRuntime,
    private readonly email: string,
  ) {}

  getEmail(): string {
    return this.runtime.invoke('User.getEmail', () => this.email);
  }
}

/** The `Session` global. */
export class SessionFake {
  /** Stable for one user of one script, as Apps Script's temporary key is (for a while). */
  private readonly temporaryKey: string;

  constructor(
    private readonly runtime: EmulatorRuntime,
    private readonly locale: string,
  ) {
    this.temporaryKey = crypto.createHash('sha256').update(`temporary-key:${runtime.userEmail}`).digest('base64url');
  }

  /** A custom function runs without authorization: it does not learn who is looking. */
  getActiveUser(): UserFake {
    return this.runtime.invoke('Session.getActiveUser', () => new UserFake(this.runtime, this.visibleEmail()));
  }

  getEffectiveUser(): UserFake {
    return this.runtime.invoke('Session.getEffectiveUser', () => new UserFake(this.runtime, this.visibleEmail()));
  }

  getScriptTimeZone(): string {
    return this.runtime.invoke('Session.getScriptTimeZone', () => this.runtime.scriptTimeZone);
  }

  getActiveUserLocale(): string {
    return this.runtime.invoke('Session.getActiveUserLocale', () => this.locale);
  }

  getTemporaryActiveUserKey(): string {
    return this.runtime.invoke('Session.getTemporaryActiveUserKey', () => this.temporaryKey);
  }

  private visibleEmail(): string {
    return this.runtime.mode() === 'custom-function' ? '' : this.runtime.userEmail;
  }
}
