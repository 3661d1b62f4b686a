import { AppsScriptException } from './exception';

/**
 * The manifest's `urlFetchWhitelist` as Apps Script applies it (manifest/allowlist-url):
 * - a prefix is an https URL with a full domain and a non-empty path (`https://host/`);
 * - the host compares without regard to case; the path is case-sensitive;
 * - a URL matches when it equals the prefix or continues it as a child: after a prefix ending in
 *   "/" anything may follow; otherwise the next character must be "/", "?" or "#"
 *   (`https://example.com/foo` matches `/foo/bar` and `/foo?x`, not `/foobar`);
 * - a single leading wildcard `https://*.example.com/` matches any subdomain of example.com (one
 *   label or more), not example.com itself.
 * Without the field (a test deployment) every URL may be fetched.
 */
export class UrlAllowlist {
  private readonly prefixes: ParsedPrefix[];

  constructor(prefixes: readonly string[]) {
    this.prefixes = prefixes.map(parsePrefix);
  }

  /** A prefix the test adds to the manifest's (the harness's loopback fake API), explicitly. */
  add(prefix: string): void {
    this.prefixes.push(parsePrefix(prefix));
  }

  allows(url: string): boolean {
    const target = splitUrl(url);
    return target !== null && this.prefixes.some((prefix) => matches(prefix, target));
  }

  /** Throws Apps Script's exception for a URL outside the allowlist. */
  check(url: string): void {
    if (!this.allows(url)) throw new AppsScriptException(blockedMessage(url));
  }
}

/** Apps Script quotes the URL without its query ("...price?"), then says why. */
export function blockedMessage(url: string): string {
  const query = url.indexOf('?');
  const shown = query < 0 ? url : url.slice(0, query + 1);
  return `Request to ${shown} failed because the URL has not been whitelisted in the script manifest.`;
}

interface ParsedPrefix {
  scheme: string;
  /** Lower-case host (with port), without the wildcard. */
  host: string;
  wildcard: boolean;
  path: string;
}

interface SplitUrl {
  scheme: string;
  host: string;
  /** Path, query and fragment as written. */
  rest: string;
}

function splitUrl(url: string): SplitUrl | null {
  const match = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]+)(.*)$/i.exec(url);
  if (!match) return null;
  const [, scheme = '', host = '', rest = ''] = match;
  return { scheme: scheme.toLowerCase(), host: host.toLowerCase(), rest: rest === '' ? '/' : rest };
}

function parsePrefix(prefix: string): ParsedPrefix {
  const split = splitUrl(prefix);
  if (split === null || !split.rest.startsWith('/') || prefix.slice(prefix.indexOf('//') + 2).indexOf('/') < 0) {
    throw new Error(`urlFetchWhitelist: ${JSON.stringify(prefix)} is not a URL prefix with a non-empty path (e.g. "https://example.com/")`);
  }
  const wildcard = split.host.startsWith('*.');
  if (split.host.slice(wildcard ? 2 : 0).includes('*')) throw new Error(`urlFetchWhitelist: ${JSON.stringify(prefix)} may hold only one leading wildcard`);
  return { scheme: split.scheme, host: wildcard ? split.host.slice(2) : split.host, wildcard, path: split.rest };
}

function matches(prefix: ParsedPrefix, target: SplitUrl): boolean {
  if (prefix.scheme !== target.scheme) return false;
  const hostMatches = prefix.wildcard ? target.host.endsWith(`.${prefix.host}`) : target.host === prefix.host;
  if (!hostMatches || !target.rest.startsWith(prefix.path)) return false;
  if (prefix.path.endsWith('/') || target.rest.length === prefix.path.length) return true;
  return ['/', '?', '#'].includes(target.rest.charAt(prefix.path.length));
}
