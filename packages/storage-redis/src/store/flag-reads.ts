import { type FeatureFlag, StorageError } from '@flags/core';
import { PACKAGE } from '../errors.js';
import { READ_FLAGS } from '../scripts.js';
import { compareText } from './compare.js';
import type { StoreContext } from './context.js';
import type { HeldFlag } from './flag-cache.js';
import { NO_STAMP } from './stamp.js';

/**
 * Bytes of documents one bulk read brings back per round trip (at least one document): the rest
 * follows in further calls, so no reply grows with the store — over Upstash's HTTP API a reply of
 * tens of megabytes runs out of time.
 */
export const PAGE_BYTES = 1_000_000;
/** Keys a further call of a bulk read names at most (its reply holds what {@link PAGE_BYTES} allows). */
const PAGE_KEYS = 1000;

/** The keys of a READ_FLAGS reply's list, each followed by a line feed. */
const keyList = (text: string): string[] => (text === '' ? [] : text.slice(0, -1).split('\n'));

/** The flag stored under this key, time schedules included (they are kept inside its document). */
export async function getFlag(ctx: StoreContext, key: string): Promise<FeatureFlag | null> {
  const raw = await ctx.get(ctx.keys.flag(key), `reading flag "${key}"`);
  return raw === null ? null : ctx.flags.hand(ctx.flags.take(key, raw, null, ''));
}

/** The revision every entry was confirmed at, if they all share one; `''` otherwise. */
function sharedRevision(held: readonly (HeldFlag | undefined)[]): string {
  const revision = held[0]?.confirmedAt ?? '';
  for (const entry of held) if (entry === undefined || entry.confirmedAt !== revision) return '';
  return revision;
}

/** One conditional read (READ_FLAGS) for any number of keys, in the order asked. */
export async function getFlags(ctx: StoreContext, keys: readonly string[]): Promise<Map<string, FeatureFlag>> {
  // Keys travel joined by line feeds; one that is empty or holds a line feed is no flag's key (flag
  // keys start with a letter and have no whitespace), so it is simply not found.
  const unique = [...new Set(keys)].filter((key) => key !== '' && !key.includes('\n'));
  const found = new Map<string, FeatureFlag>();
  if (unique.length === 0) return found;
  const held = unique.map((key) => ctx.flags.held(key));
  const stamps = held.map((entry) => entry?.stamp ?? NO_STAMP).join('');
  const reply = await readFlags(
    ctx,
    [ctx.keys.flagStamps, ctx.keys.revision],
    [ctx.keys.flagPrefix, 'keys', stamps, sharedRevision(held), String(PAGE_BYTES), `${unique.join('\n')}\n`],
  );
  const entries: (HeldFlag | undefined)[] = new Array(unique.length);
  for (let i = 0; i < unique.length; i++) {
    if (reply.current(i)) entries[i] = confirm(held[i]!, reply.revision);
  }
  if (reply.changed.length > 0) {
    const position = new Map(unique.map((key, i) => [key, i]));
    for (const [key, stamp, doc, revision] of reply.changed) {
      entries[position.get(key)!] = ctx.flags.take(key, doc, stamp, revision);
    }
  }
  for (let i = 0; i < unique.length; i++) {
    const entry = entries[i];
    if (entry !== undefined) found.set(unique[i]!, ctx.flags.hand(entry));
  }
  return found;
}

/** Every flag (or every active one, from the `flags_active` index), sorted by key; one script call. */
export async function getAllFlags(ctx: StoreContext, activeOnly: boolean): Promise<FeatureFlag[]> {
  const index = activeOnly ? ctx.keys.activeFlags : ctx.keys.flags;
  const view = ctx.flags.view(index);
  // The last result of this index names what is likely still in it, already sorted (which makes the
  // sort below nearly free); without one, whatever is held.
  const held = view ? view.flags.filter((entry) => entry.stamp !== null) : ctx.flags.stamped();
  const stamps = held.map((entry) => entry.stamp).join('');
  const reply = await readFlags(
    ctx,
    [ctx.keys.flagStamps, ctx.keys.revision, index],
    [ctx.keys.flagPrefix, 'index', stamps, view?.revision ?? '', String(PAGE_BYTES)],
  );
  let entries: HeldFlag[];
  if (reply.unchanged) entries = view!.flags.map((entry) => confirm(entry, reply.revision));
  else {
    entries = [];
    for (let i = 0; i < held.length; i++) if (reply.current(i)) entries.push(confirm(held[i]!, reply.revision));
    for (const [key, stamp, doc, revision] of reply.changed) entries.push(ctx.flags.take(key, doc, stamp, revision));
    if (activeOnly) entries = entries.filter((entry) => entry.model.status === 'active');
    entries.sort((a, b) => compareText(a.key, b.key));
    ctx.flags.remember(index, { revision: reply.revision, flags: entries });
  }
  return entries.map((entry) => ctx.flags.hand(entry));
}

function confirm(entry: HeldFlag, revision: string): HeldFlag {
  if (revision !== '') entry.confirmedAt = revision;
  return entry;
}

/**
 * READ_FLAGS's reply, pages included: the revision its first call answered at; `unchanged` when that
 * is the revision the caller sent (nothing was written since: every held flag it named is current);
 * else whether the n-th held stamp (0-based) is current, and `[key, stamp, document, revision]` of the
 * other flags, each with the revision of the call that read it.
 */
interface FlagsReply {
  revision: string;
  unchanged: boolean;
  current(n: number): boolean;
  changed: [string, string | null, string, string][];
}

/** One READ_FLAGS call: its marks, revision, the keys it left for later calls, and what it read. */
async function readPage(
  ctx: StoreContext,
  keys: string[],
  args: string[],
  changed: FlagsReply['changed'],
): Promise<{ marks: string; revision: string; later: string }> {
  const action = 'reading flags';
  const reply = await ctx.exec.eval(READ_FLAGS, keys, args, action);
  if (!Array.isArray(reply) || typeof reply[0] !== 'string' || typeof reply[1] !== 'string') {
    throw new StorageError(`${PACKAGE} ${action} failed: unexpected reply`);
  }
  const revision = reply[1];
  if (reply[0] === '=') return { marks: '=', revision, later: '' };
  for (let i = 3; i + 2 < reply.length; i += 3) {
    const stamp = String(reply[i + 1]);
    changed.push([String(reply[i]), stamp === '' ? null : stamp, String(reply[i + 2]), revision]);
  }
  return { marks: reply[0], revision, later: String(reply[2] ?? '') };
}

/**
 * A bulk read in as many calls as its documents need: the first decides what is current and brings
 * the first page; each further call reads up to {@link PAGE_KEYS} of the flags left over by key,
 * holding none of them, and hands back the ones its page had no room for. A read over several calls
 * is not one snapshot — each flag is as stored at some moment during the read (a flag deleted
 * meanwhile is left out) — which a live client's feed makes up for.
 */
async function readFlags(ctx: StoreContext, keys: string[], args: string[]): Promise<FlagsReply> {
  const changed: FlagsReply['changed'] = [];
  const first = await readPage(ctx, keys, args, changed);
  let queue = keyList(first.later);
  while (queue.length > 0) {
    const names = queue.slice(0, PAGE_KEYS);
    const page = await readPage(
      ctx,
      [ctx.keys.flagStamps, ctx.keys.revision],
      [ctx.keys.flagPrefix, 'keys', '', '', String(PAGE_BYTES), `${names.join('\n')}\n`],
      changed,
    );
    queue = keyList(page.later).concat(queue.slice(names.length));
  }
  const { marks, revision } = first;
  const unchanged = marks === '=';
  // 49 is "1".
  return { revision, unchanged, current: (n) => unchanged || marks.charCodeAt(n) === 49, changed };
}
