import type { MessagePort } from 'node:worker_threads';
import { z } from 'zod';

/** What crosses from the script's thread to the HTTP worker thread and back. */

export interface WireRequest {
  url: string;
  /** Upper-case HTTP method. */
  method: string;
  /** [name, value] pairs, names as the script wrote them. */
  headers: Array<[string, string]>;
  body: Uint8Array | null;
  followRedirects: boolean;
  validateHttpsCertificates: boolean;
}

/** Why a request produced no HTTP response. */
export const failureReasonSchema = z.enum(['refused', 'reset', 'dns', 'timeout', 'too-large', 'invalid-url', 'tls', 'other']);
export type FailureReason = z.infer<typeof failureReasonSchema>;

export const wireOutcomeSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('response'),
    status: z.number().int(),
    /** Raw [name, value] pairs as the server sent them (case and repeats kept). */
    headers: z.array(z.tuple([z.string(), z.string()])),
    /** Checked by tag, not instanceof: the reply is deserialised in Node's own realm, not jest's. */
    body: z.custom<Uint8Array>((value) => Object.prototype.toString.call(value) === '[object Uint8Array]'),
  }),
  z.object({ kind: z.literal('failure'), reason: failureReasonSchema, detail: z.string() }),
]);
export type WireOutcome = z.infer<typeof wireOutcomeSchema>;

export interface WireCall {
  seq: number;
  requests: WireRequest[];
  /** Real milliseconds each request may take, redirects included. */
  timeoutMs: number;
}

export const wireReplySchema = z.object({ seq: z.number().int(), outcomes: z.array(wireOutcomeSchema) });
export type WireReply = z.infer<typeof wireReplySchema>;

/** The worker's start-up data: where to answer and how to wake the waiting thread. */
export interface WireWorkerData {
  /** Replies go here; the waiting thread reads them with receiveMessageOnPort. */
  port: MessagePort;
  /** Int32Array[1]: bumped after every reply. */
  signal: SharedArrayBuffer;
  maxResponseBytes: number;
}
