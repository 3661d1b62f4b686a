import type { HttpOutcome, HttpPort, HttpRequest } from '../../ports/http';

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

function failure(error: unknown): HttpOutcome {
  return { kind: 'network-failure', message: error instanceof Error ? error.message : String(error) };
}

/** UrlFetchApp behind the HTTP port. Exceptions (no response at all) become network failures. */
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
