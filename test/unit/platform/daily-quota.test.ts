import { AppsScriptHttp } from '../../../src/platform/apps-script/http';
import { asDailyQuotaError, DailyQuotaExceededError, dailyQuotaOf } from '../../../src/ports/quota';

const URL_FETCH_MESSAGE = 'Service invoked too many times for one day: urlfetch.';

describe("Google's daily quotas", () => {
  it('recognises the exact texts Apps Script throws, and nothing else', () => {
    expect(dailyQuotaOf(URL_FETCH_MESSAGE)).toBe('url-fetches');
    expect(dailyQuotaOf('Exception: Service using too much computer time for one day')).toBe('trigger-runtime');
    expect(dailyQuotaOf('Service invoked too many times for one day: email.')).toBeNull();
    expect(dailyQuotaOf('Address unavailable: https://api.eflow.team')).toBeNull();
    expect(asDailyQuotaError(new Error('DNS error'))).toBeNull();
  });

  it('names the limit, its size and when it comes back', () => {
    expect(new DailyQuotaExceededError('url-fetches', URL_FETCH_MESSAGE).message).toBe(
      "Google's daily quota of URL fetches (20,000 a day, 100,000 on Workspace) is used up for this Google account " +
        '("Service invoked too many times for one day: urlfetch."). It resets within 24 hours.',
    );
    expect(new DailyQuotaExceededError('trigger-runtime', 'Service using too much computer time for one day').message).toContain(
      "Google's daily trigger runtime (90 minutes a day, 6 hours on Workspace) is used up",
    );
  });

  describe('the HTTP adapter', () => {
    const request = { url: 'https://api.eflow.team/v1/x', method: 'get' as const, headers: {} };
    const withUrlFetch = (fake: unknown, body: () => void): void => {
      const host = globalThis as Record<string, unknown>;
      host.UrlFetchApp = fake;
      try {
        body();
      } finally {
        delete host.UrlFetchApp;
      }
    };

    it('throws the quota instead of answering a network failure the client would retry', () => {
      const refuse = (): never => {
        throw new Error(URL_FETCH_MESSAGE);
      };
      withUrlFetch({ fetch: refuse, fetchAll: refuse }, () => {
        const http = new AppsScriptHttp();
        expect(() => http.fetch(request)).toThrow(DailyQuotaExceededError);
        expect(() => http.fetchAll([request, request])).toThrow(DailyQuotaExceededError);
      });
    });

    it('still answers other exceptions as network failures', () => {
      const drop = (): never => {
        throw new Error('Address unavailable');
      };
      withUrlFetch({ fetch: drop, fetchAll: drop }, () => {
        expect(new AppsScriptHttp().fetch(request)).toEqual({ kind: 'network-failure', message: 'Address unavailable' });
      });
    });
  });
});
