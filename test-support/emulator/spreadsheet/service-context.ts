import type { EmulatorRuntime, ServiceAccess } from '../runtime';

/** OAuth scopes, any one of which the manifest must declare for a call (checked by the runtime). */
export const SCOPES = {
  spreadsheetRead: [
    'https://www.googleapis.com/auth/spreadsheets.currentonly',
    'https://www.googleapis.com/auth/spreadsheets',
    'https://www.googleapis.com/auth/spreadsheets.readonly',
  ],
  spreadsheetWrite: ['https://www.googleapis.com/auth/spreadsheets.currentonly', 'https://www.googleapis.com/auth/spreadsheets'],
  containerUi: ['https://www.googleapis.com/auth/script.container.ui'],
  triggers: ['https://www.googleapis.com/auth/script.scriptapp'],
  sendMail: ['https://www.googleapis.com/auth/script.send_mail'],
} as const;

/**
 * An Apps Script enum value: an object that prints as its name, so `button == 'OK'` holds and
 * `button === 'OK'` does not, as in Apps Script (compare with `ui.Button.OK`).
 */
export class EnumValue<Name extends string = string> {
  constructor(readonly name: Name) {}

  toString(): string {
    return this.name;
  }

  toJSON(): string {
    return this.name;
  }
}

/** A frozen enum object (`ScriptApp.EventType`, `ui.Button`) of EnumValues keyed by their names. */
export function enumOf<Name extends string>(names: readonly Name[]): Readonly<Record<Name, EnumValue<Name>>> {
  const values = {} as Record<Name, EnumValue<Name>>;
  for (const name of names) values[name] = new EnumValue(name);
  return Object.freeze(values);
}

/** The name of an enum value passed back by the script (an EnumValue, or its name as a string). */
export function enumName(value: unknown): string | null {
  if (value instanceof EnumValue) return value.name;
  return typeof value === 'string' ? value : null;
}

/** How many times each service method was called (tests assert batching with it). */
export class ServiceCallCounter {
  private readonly counts = new Map<string, number>();

  record(qualifiedName: string): void {
    this.counts.set(qualifiedName, (this.counts.get(qualifiedName) ?? 0) + 1);
  }

  /** Calls of e.g. 'Range.setValues' so far. */
  count(qualifiedName: string): number {
    return this.counts.get(qualifiedName) ?? 0;
  }

  /** Every method called so far with its count. */
  all(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  reset(): void {
    this.counts.clear();
  }
}

/** One service call as Apps Script makes it: permission, deadline and scope checks, counted. */
export class ServiceContext {
  constructor(
    readonly runtime: EmulatorRuntime,
    private readonly counter: ServiceCallCounter,
  ) {}

  call<T>(qualifiedName: string, access: ServiceAccess, scopes: readonly string[], body: () => T): T {
    return this.runtime.invoke(
      qualifiedName,
      () => {
        this.counter.record(qualifiedName);
        return body();
      },
      { access, scopes },
    );
  }
}
