import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { z } from 'zod';
import type { Clock } from '../../src/ports/clock';
import { CacheStore } from './cache-service';
import { AppsScriptException } from './exception';
import { LockStore } from './lock-service';
import { PropertyStore } from './properties-service';
import type { EmulatorStores } from './stores';
import { TriggerRuntimeQuota, UrlFetchQuota } from './daily-quota';

/**
 * The stores of one emulator (caches, properties, daily quotas) used from executions in
 * other threads: each call crosses to the thread that owns them and blocks until it answers, so
 * executions at once share one cache and one set of properties, as in Apps Script. Locks are
 * shared memory already and cross as buffers.
 */

const STORE_NAMES = [
  'userProperties',
  'documentProperties',
  'scriptProperties',
  'spreadsheetOwnerProperties',
  'userCache',
  'documentCache',
  'scriptCache',
  'urlFetchQuota',
  'triggerRuntimeQuota',
] as const;
type StoreName = (typeof STORE_NAMES)[number];

/** The methods a remote store may call: the public ones of each kind. */
const METHODS: Readonly<Record<StoreName, readonly string[]>> = {
  userProperties: propertyMethods(),
  documentProperties: propertyMethods(),
  scriptProperties: propertyMethods(),
  spreadsheetOwnerProperties: propertyMethods(),
  userCache: cacheMethods(),
  documentCache: cacheMethods(),
  scriptCache: cacheMethods(),
  urlFetchQuota: ['take', 'used', 'nextResetMs', 'dailyLimit'],
  triggerRuntimeQuota: ['remainingMs', 'usedMs', 'spend', 'nextResetMs', 'dailyLimitMs'],
};

function propertyMethods(): string[] {
  return ['getProperty', 'setProperties', 'getProperties', 'getKeys', 'deleteProperty', 'deleteAllProperties'];
}

function cacheMethods(): string[] {
  return ['get', 'getAll', 'putAll', 'removeAll', 'size'];
}

const storeCallSchema = z.object({ seq: z.number().int(), target: z.string(), method: z.string(), args: z.array(z.unknown()) });
export type StoreCall = z.infer<typeof storeCallSchema>;
const storeReplySchema = z.union([
  z.object({ seq: z.number().int(), ok: z.literal(true), value: z.unknown() }),
  z.object({ seq: z.number().int(), ok: z.literal(false), message: z.string(), appsScript: z.boolean() }),
]);
type StoreReply = z.infer<typeof storeReplySchema>;

/** What else the owning thread answers on the same line (the runner's own calls). */
export type ExtraCalls = (method: string, args: readonly unknown[]) => unknown;

/** The owning side: answers every call that comes on `port`, then wakes the caller through `signal`. */
export function serveStores(port: MessagePort, signal: Int32Array, stores: EmulatorStores, extra: ExtraCalls): void {
  port.on('message', (message: unknown) => {
    const call = storeCallSchema.parse(message);
    let reply: StoreReply;
    try {
      reply = { seq: call.seq, ok: true, value: dispatch(stores, call, extra) };
    } catch (error) {
      reply = { seq: call.seq, ok: false, message: error instanceof Error ? error.message : String(error), appsScript: error instanceof AppsScriptException };
    }
    port.postMessage(reply);
    Atomics.add(signal, 0, 1);
    Atomics.notify(signal, 0);
  });
}

function dispatch(stores: EmulatorStores, call: StoreCall, extra: ExtraCalls): unknown {
  if (call.target === 'runner') return extra(call.method, call.args);
  const name = STORE_NAMES.find((candidate) => candidate === call.target);
  if (name === undefined || !METHODS[name].includes(call.method)) throw new Error(`No remote store method ${call.target}.${call.method}`);
  const store: object = stores[name];
  const member: unknown = Reflect.get(store, call.method);
  // A getter (a quota's daily limit) answers its value.
  if (typeof member !== 'function') return member;
  const value: unknown = Reflect.apply(member, store, call.args);
  // Fluent methods answer the store itself, which stays where it is.
  return value === store ? undefined : value;
}

/** The calling side: a blocking call to the owning thread. */
export class StoreLine {
  private seq = 0;

  constructor(
    private readonly port: MessagePort,
    private readonly signal: Int32Array,
  ) {}

  call(target: string, method: string, args: readonly unknown[]): unknown {
    const call: StoreCall = { seq: ++this.seq, target, method, args: [...args] };
    this.port.postMessage(call);
    for (;;) {
      // Read the signal before draining: a reply posted after the drain bumps it, so the wait returns at once.
      const seen = Atomics.load(this.signal, 0);
      for (let message = receiveMessageOnPort(this.port); message !== undefined; message = receiveMessageOnPort(this.port)) {
        const reply = storeReplySchema.parse(message.message);
        if (reply.seq !== call.seq) continue;
        if (reply.ok) return reply.value;
        throw reply.appsScript ? new AppsScriptException(reply.message) : new Error(reply.message);
      }
      Atomics.wait(this.signal, 0, seen);
    }
  }
}

class RemotePropertyStore extends PropertyStore {
  constructor(
    private readonly line: StoreLine,
    private readonly name: StoreName,
  ) {
    super();
  }

  override getProperty(key: string): string | null {
    return z.string().nullable().parse(this.line.call(this.name, 'getProperty', [String(key)]));
  }

  override setProperty(key: string, value: unknown): this {
    return this.setProperties({ [String(key)]: value });
  }

  override setProperties(properties: Readonly<Record<string, unknown>>, deleteAllOthers = false): this {
    this.line.call(this.name, 'setProperties', [stringValues(properties), deleteAllOthers]);
    return this;
  }

  override getProperties(): Record<string, string> {
    return z.record(z.string(), z.string()).parse(this.line.call(this.name, 'getProperties', []));
  }

  override getKeys(): string[] {
    return z.array(z.string()).parse(this.line.call(this.name, 'getKeys', []));
  }

  override deleteProperty(key: string): this {
    this.line.call(this.name, 'deleteProperty', [String(key)]);
    return this;
  }

  override deleteAllProperties(): this {
    this.line.call(this.name, 'deleteAllProperties', []);
    return this;
  }
}

class RemoteCacheStore extends CacheStore {
  constructor(
    clock: Clock,
    private readonly line: StoreLine,
    private readonly name: StoreName,
  ) {
    super(clock);
  }

  override get(key: string): string | null {
    return this.getAll([key])[String(key)] ?? null;
  }

  override getAll(keys: readonly string[]): Record<string, string> {
    return z.record(z.string(), z.string()).parse(this.line.call(this.name, 'getAll', [keys.map(String)]));
  }

  override put(key: string, value: unknown, expirationInSeconds?: number): void {
    this.putAll({ [String(key)]: value }, expirationInSeconds);
  }

  override putAll(values: Readonly<Record<string, unknown>>, expirationInSeconds?: number): void {
    this.line.call(this.name, 'putAll', [stringValues(values), expirationInSeconds]);
  }

  override remove(key: string): void {
    this.removeAll([key]);
  }

  override removeAll(keys: readonly string[]): void {
    this.line.call(this.name, 'removeAll', [keys.map(String)]);
  }

  override size(): number {
    return z.number().parse(this.line.call(this.name, 'size', []));
  }
}

class RemoteUrlFetchQuota extends UrlFetchQuota {
  constructor(private readonly line: StoreLine) {
    super();
  }

  override get dailyLimit(): number {
    return z.number().parse(this.line.call('urlFetchQuota', 'dailyLimit', []));
  }

  override take(requests: number, nowMs: number): void {
    this.line.call('urlFetchQuota', 'take', [requests, nowMs]);
  }

  override used(nowMs: number): number {
    return z.number().parse(this.line.call('urlFetchQuota', 'used', [nowMs]));
  }

  override nextResetMs(nowMs: number): number {
    return z.number().parse(this.line.call('urlFetchQuota', 'nextResetMs', [nowMs]));
  }
}

class RemoteTriggerRuntimeQuota extends TriggerRuntimeQuota {
  constructor(private readonly line: StoreLine) {
    super();
  }

  override get dailyLimitMs(): number {
    return z.number().parse(this.line.call('triggerRuntimeQuota', 'dailyLimitMs', []));
  }

  override remainingMs(nowMs: number): number {
    return z.number().parse(this.line.call('triggerRuntimeQuota', 'remainingMs', [nowMs]));
  }

  override usedMs(nowMs: number): number {
    return z.number().parse(this.line.call('triggerRuntimeQuota', 'usedMs', [nowMs]));
  }

  override spend(ms: number, startedAtMs: number): void {
    this.line.call('triggerRuntimeQuota', 'spend', [ms, startedAtMs]);
  }

  override nextResetMs(nowMs: number): number {
    return z.number().parse(this.line.call('triggerRuntimeQuota', 'nextResetMs', [nowMs]));
  }
}

/** Apps Script stores what it is given as text; values cross threads as text too. */
function stringValues(values: Readonly<Record<string, unknown>>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, String(value)]));
}

/** The buffers of the owner's locks, so executions elsewhere share them. */
export interface LockBuffers {
  user: SharedArrayBuffer;
  document: SharedArrayBuffer;
  script: SharedArrayBuffer;
}

export function lockBuffersOf(stores: EmulatorStores): LockBuffers {
  return { user: stores.userLock.buffer, document: stores.documentLock.buffer, script: stores.scriptLock.buffer };
}

/** Stores for an emulator in another thread, backed by the owner's through `line`. */
export function remoteStores(line: StoreLine, clock: Clock, locks: LockBuffers): EmulatorStores {
  return {
    userProperties: new RemotePropertyStore(line, 'userProperties'),
    documentProperties: new RemotePropertyStore(line, 'documentProperties'),
    scriptProperties: new RemotePropertyStore(line, 'scriptProperties'),
    spreadsheetOwnerProperties: new RemotePropertyStore(line, 'spreadsheetOwnerProperties'),
    userCache: new RemoteCacheStore(clock, line, 'userCache'),
    documentCache: new RemoteCacheStore(clock, line, 'documentCache'),
    scriptCache: new RemoteCacheStore(clock, line, 'scriptCache'),
    userLock: LockStore.fromBuffer(locks.user),
    documentLock: LockStore.fromBuffer(locks.document),
    scriptLock: LockStore.fromBuffer(locks.script),
    urlFetchQuota: new RemoteUrlFetchQuota(line),
    triggerRuntimeQuota: new RemoteTriggerRuntimeQuota(line),
  };
}
