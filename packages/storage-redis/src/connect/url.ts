import { maskUrl } from '@flags/core/backend';
import { optionsError } from '../errors.js';

/** A host and port of a Redis server or Sentinel. */
export interface HostPort {
  host: string;
  port: number;
}

/** Credentials from a URL's userinfo. */
export interface Credentials {
  username?: string;
  password?: string;
}

/** Where a URL points, by the client that reaches it. */
export type RedisTarget =
  | { kind: 'rest'; url: string }
  | { kind: 'single'; url: string; password?: string }
  | ({ kind: 'sentinel'; sentinels: HostPort[]; masterName: string; db: number } & Credentials)
  | ({ kind: 'cluster'; nodes: HostPort[] } & Credentials);

/** The URL forms, for messages. */
export const URL_FORMS =
  'https://<rest host> (Upstash), redis://[user:password@]host[:port][/db], rediss://… (TLS), ' +
  'redis+sentinel://[user:password@]host:port[,host:port…]/<master name>[/db], ' +
  'redis+cluster://[user:password@]host:port[,host:port…]';

function bad(url: string, rule: string): Error {
  return optionsError('url', `${rule} (got "${maskUrl(url)}"; the forms are ${URL_FORMS})`);
}

function decode(part: string, url: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw bad(url, 'the user name or password is not valid percent-encoding');
  }
}

function hostList(list: string, url: string, defaultPort: number): HostPort[] {
  return list.split(',').map((entry) => {
    const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(entry.trim());
    const port = match?.[2] === undefined ? defaultPort : Number(match[2]);
    if (!match || port < 1 || port > 65535) throw bad(url, `"${entry}" is not host:port`);
    return { host: match[1]!.replace(/^\[|\]$/g, ''), port };
  });
}

function dbNumber(text: string | undefined, url: string): number {
  if (text === undefined || text === '') return 0;
  if (!/^\d{1,5}$/.test(text)) throw bad(url, `the database "${text}" is not a number`);
  return Number(text);
}

function credentials(userinfo: string | undefined, url: string): Credentials {
  if (userinfo === undefined) return {};
  const colon = userinfo.indexOf(':');
  const username = decode(colon < 0 ? userinfo : userinfo.slice(0, colon), url);
  const password = colon < 0 ? undefined : decode(userinfo.slice(colon + 1), url);
  return { ...(username ? { username } : {}), ...(password ? { password } : {}) };
}

// One URL may name several hosts (Sentinel, Cluster), which WHATWG URL cannot parse: split by hand.
const MULTI_HOST = /^(redis\+sentinel|redis\+cluster):\/\/(?:([^@/]*)@)?([^/?#]+)(\/[^?#]*)?$/;

/**
 * Reads a connection URL into the target it names; anything else is a `ValidationError` that shows
 * the URL forms, with the password masked.
 */
export function parseRedisUrl(url: unknown): RedisTarget {
  if (typeof url !== 'string' || url.trim().length === 0) {
    // Most often an unset environment variable passed along.
    throw optionsError(
      'url',
      `is ${url === undefined ? 'undefined' : 'empty'}: for Upstash, set UPSTASH_REDIS_REST_URL (and UPSTASH_REDIS_REST_TOKEN) and pass them; otherwise it must be a URL: ${URL_FORMS}`,
    );
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme === 'redis+sentinel' || scheme === 'redis+cluster') {
    const match = MULTI_HOST.exec(url);
    if (!match) throw bad(url, 'not a valid URL');
    const [, , userinfo, hosts, path = ''] = match;
    const auth = credentials(userinfo, url);
    if (scheme === 'redis+cluster') {
      if (path !== '' && path !== '/') throw bad(url, 'a cluster URL has no path (Redis Cluster has only database 0)');
      return { kind: 'cluster', nodes: hostList(hosts!, url, 6379), ...auth };
    }
    const [, masterName, db, ...rest] = path.split('/');
    if (!masterName || rest.length > 0) throw bad(url, 'a sentinel URL ends with /<master name>[/db]');
    return {
      kind: 'sentinel',
      sentinels: hostList(hosts!, url, 26379),
      masterName: decode(masterName, url),
      db: dbNumber(db, url),
      ...auth,
    };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw bad(url, 'not a valid URL');
  }
  if (scheme === 'https' || scheme === 'http') return { kind: 'rest', url };
  if (scheme === 'redis' || scheme === 'rediss') {
    if (!parsed.hostname) throw bad(url, 'the URL names no host');
    dbNumber(parsed.pathname.replace(/^\//, ''), url);
    const password = parsed.password ? decode(parsed.password, url) : undefined;
    return { kind: 'single', url, ...(password ? { password } : {}) };
  }
  throw bad(url, `the scheme "${scheme}:" is not one of https, redis, rediss, redis+sentinel, redis+cluster`);
}
