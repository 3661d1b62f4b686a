export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface HttpRequest {
  url: string;
  method: HttpMethod;
  /** Header names as sent; the adapter passes them through unchanged. */
  headers: Readonly<Record<string, string>>;
  body?: string;
}

export interface HttpResponse {
  kind: 'response';
  status: number;
  /** Header names lower-cased (HTTP header names are case-insensitive). */
  headers: Readonly<Record<string, string>>;
  body: string;
}

/** The request never produced an HTTP response (DNS, refused, reset, timeout). */
export interface HttpNetworkFailure {
  kind: 'network-failure';
  message: string;
}

export type HttpOutcome = HttpResponse | HttpNetworkFailure;

/**
 * Synchronous HTTP, as UrlFetchApp is. Non-2xx statuses are outcomes, not exceptions.
 * `fetchAll` sends its requests in parallel and answers in the same order.
 */
export interface HttpPort {
  fetch(request: HttpRequest): HttpOutcome;
  fetchAll(requests: readonly HttpRequest[]): HttpOutcome[];
}
