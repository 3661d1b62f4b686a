import { blockedMessage, UrlAllowlist } from '../../../test-support/emulator/url-allowlist';

describe('UrlAllowlist (manifest urlFetchWhitelist, as Apps Script matches it)', () => {
  it('matches a prefix, its children, and a query or fragment after it; not a longer segment', () => {
    const list = new UrlAllowlist(['https://example.com/foo']);
    for (const url of ['https://example.com/foo', 'https://example.com/foo/', 'https://example.com/foo/bar', 'https://example.com/foo?bar', 'https://example.com/foo#bar']) {
      expect(list.allows(url)).toBe(true);
    }
    for (const url of ['https://example.com/foobar', 'https://example.com/Foo/bar', 'https://sub.example.com/foo', 'http://example.com/foo', 'https://example.com/']) {
      expect(list.allows(url)).toBe(false);
    }
  });

  it('compares hosts without regard to case and lets anything follow a prefix ending in "/"', () => {
    const list = new UrlAllowlist(['https://api.eflow.team/']);
    expect(list.allows('https://API.eflow.team/v1/affiliates/billings/invoices')).toBe(true);
    expect(list.allows('https://api.eflow.team')).toBe(true);
    expect(list.allows('https://api.eflow.team.evil.com/v1')).toBe(false);
    expect(list.allows('https://api-eu.eflow.team/v1')).toBe(false);
  });

  it('a leading wildcard matches any subdomain, at any depth, but not the bare domain or a look-alike', () => {
    const list = new UrlAllowlist(['https://*.affise.com/']);
    expect(list.allows('https://api-acme.affise.com/3.1/payments?page=2')).toBe(true);
    expect(list.allows('https://a.b.affise.com/3.1/user/me')).toBe(true);
    expect(list.allows('https://affise.com/3.1/user/me')).toBe(false);
    expect(list.allows('https://api-acme.notaffise.com/3.1/user/me')).toBe(false);
    expect(list.allows('https://api.affise.com.evil.io/3.1/user/me')).toBe(false);
  });

  it('refuses a prefix without a path, with a wildcard elsewhere, and adds prefixes given by the test', () => {
    expect(() => new UrlAllowlist(['https://example.com'])).toThrow('non-empty path');
    expect(() => new UrlAllowlist(['https://api.*.com/'])).toThrow('only one leading wildcard');
    const list = new UrlAllowlist([]);
    expect(list.allows('http://127.0.0.1:8123/v1/x')).toBe(false);
    list.add('http://127.0.0.1:8123/');
    expect(list.allows('http://127.0.0.1:8123/v1/x')).toBe(true);
    expect(list.allows('http://127.0.0.1:8124/v1/x')).toBe(false);
  });

  it("words the refusal as Apps Script does, the URL's query left out", () => {
    expect(blockedMessage('https://api.example.com/v1/x?key=secret')).toBe(
      'Request to https://api.example.com/v1/x? failed because the URL has not been whitelisted in the script manifest.',
    );
  });
});
