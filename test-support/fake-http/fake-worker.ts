import { SharedClock } from '../clock';
import { serveWorker, startWorker } from './worker-rpc';

/** What a fake API's worker thread is started with. */
interface FakeWorkerData {
  settings: unknown;
  /** The shared clock's buffer (null for a real clock). */
  clockBuffer: SharedArrayBuffer | null;
  port: number;
}

/** A host's call: one of the server's methods by name, with its arguments. */
interface MethodCall {
  method: string;
  args: unknown[];
}

/** The server's methods named `Name` as the host calls them: the same arguments, the answer (a structured clone) in a promise. */
export type RemoteMethods<Server, Name extends keyof Server> = {
  [K in Name]: Server[K] extends (...args: infer Args) => infer Result ? (...args: Args) => Promise<Awaited<Result>> : never;
};

/** A fake API running in a worker thread; every call is a message to it. */
export type FakeWorkerHandle<Server, Name extends keyof Server> = RemoteMethods<Server, Name> & {
  /** The server's base URL. */
  readonly baseUrl: string;
  /** Stops the server, then the thread. */
  close(): Promise<void>;
};

/**
 * Starts a fake API in a worker thread on the given (shared) clock: `file` is the module that calls
 * `serveFake`; the handle calls the server's `methods`. The emulator blocks the main thread with
 * Atomics.wait while it fetches, so a fake server cannot live there.
 */
export async function startFake<Server, Name extends keyof Server & string>(
  file: string,
  label: string,
  options: { clock: SharedClock; port?: number; settings: unknown },
  methods: readonly Name[],
): Promise<FakeWorkerHandle<Server, Name>> {
  const data: FakeWorkerData = { settings: options.settings, clockBuffer: options.clock.buffer, port: options.port ?? 0 };
  const rpc = await startWorker(file, data, label);
  const handle: Record<string, unknown> = { baseUrl: rpc.baseUrl, close: () => rpc.close({ method: 'close', args: [] } satisfies MethodCall) };
  for (const method of methods) handle[method] = (...args: unknown[]) => rpc.call({ method, args } satisfies MethodCall);
  // Each method answers what the server's method of its name returns (serveFake runs it).
  return handle as FakeWorkerHandle<Server, Name>;
}

/** The worker's side: builds the server on the shared clock, listens, and runs the host's calls of `methods` (and close). */
export function serveFake<Settings, Server extends { listen(port: number): Promise<string>; close(): Promise<void> }>(
  create: (settings: Settings, clock: SharedClock) => Server,
  methods: readonly (keyof Server & string)[],
): void {
  serveWorker(async (data: FakeWorkerData) => {
    const server = create(data.settings as Settings, SharedClock.fromBuffer(data.clockBuffer));
    const baseUrl = await server.listen(data.port);
    const callable = new Set<string>([...methods, 'close']);
    const perform = (call: unknown): unknown => {
      const { method, args } = call as MethodCall;
      if (!callable.has(method)) throw new Error(`the fake's host may not call ${method}`);
      return (server[method as keyof Server] as (...input: unknown[]) => unknown).apply(server, args);
    };
    return { baseUrl, perform };
  });
}
