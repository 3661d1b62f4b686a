import type { HttpOutcome, HttpPort, HttpRequest } from '../../ports/http';
import { asDailyQuotaError } from '../../ports/quota';

function toParams(request: HttpRequest): GoogleAppsScript.URL_Fetch.URLFetchRequestOptions {
  const params: GoogleAppsScript.URL_Fetch.URLFetchRequestOptions = {
    method: request.method,
    headers: { ...request.headers },
    muteHttpExceptions: true,
    followRedirects: false,
  };
  if (request.body !== undefined) params.payload = request.body;
  return params;
}

function toOutcome(response: GoogleAppsScript.URL_Fetch.HTTPResponse): HttpOutcome {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.getHeaders() as Record<string, unknown>)) {
    headers[name.toLowerCase()] = String(value);
  }
  return { kind: 'response', status: response.getResponseCode(), headers, body: response.getContentText() };
}

/** A request that got no response. The daily quota is no network failure: retrying cannot mend it, so it is thrown. */
function failure(error: unknown): HttpOutcome {
  const quota = asDailyQuotaError(error);
  if (quota) throw quota;
  return { kind: 'network-failure', message: error instanceof Error ? error.message : String(error) };
}

/** UrlFetchApp behind the HTTP port. Exceptions (no response at all) become network failures; the daily quota throws DailyQuotaExceededError. */
export class AppsScriptHttp implements HttpPort {
  fetch(request: HttpRequest): HttpOutcome {
    try {
      return toOutcome(UrlFetchApp.fetch(request.url, toParams(request)));
    } catch (error) {
      return failure(error);
    }
  }

  fetchAll(requests: readonly HttpRequest[]): HttpOutcome[] {
    if (requests.length === 0) return [];
    try {
      return UrlFetchApp.fetchAll(requests.map((request) => ({ url: request.url, ...toParams(request) }))).map(toOutcome);
    } catch (error) {
      // fetchAll throws for the whole batch when one request gets no response; the client retries them all.
      const outcome = failure(error);
      return requests.map(() => outcome);
    }
  }
}
