/** What the fake APIs' command lines share: whole-number options, the usage on a wrong one, serving until stopped. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';

export const wholeNumber = (name: string) =>
  z
    .string()
    .regex(/^\d+$/, `--${name} takes a whole number`)
    .transform(Number);

/** `--port N`; 0 (the default) takes a free port. */
export const portOption = wholeNumber('port').pipe(z.number().max(65_535)).default(0);

/** The command line read by `schema`; a wrong option prints each problem and `usage`, and exits 2. */
export function parseOptions<Schema extends z.ZodType>(options: NonNullable<ParseArgsConfig['options']>, schema: Schema, usage: string): z.output<Schema> {
  const { values } = parseArgs({ options });
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    console.error(parsed.error.issues.map((issue) => issue.message).join('\n'));
    console.error(usage);
    process.exit(2);
  }
  return parsed.data;
}

/** Runs `start` (which listens and says where), then serves until Ctrl-C or SIGTERM; a failure prints its message and exits 1. */
export function serveUntilStopped(start: () => Promise<{ close(): Promise<void> }>): void {
  start().then(
    (server) => {
      const stop = (): void => {
        void server.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
