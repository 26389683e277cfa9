import type { LuaScript } from './executor.js';
import { FEED_LUA } from './feed-scripts.js';
import { STAMP_LENGTH } from './store/stamp.js';

/**
 * The Redis-side half of every multi-key write: compare-and-set over any number of keys, the way
 * WATCH/MULTI would do it (Upstash's REST API has no WATCH). The backend reads what it needs, computes
 * the new documents in TypeScript (so no JSON is ever re-encoded in Lua), and sends the checks its
 * reads rely on plus the writes. All checks run first; if one fails nothing is written and its
 * 1-based number is returned, otherwise every write runs, the revision key is set and 0 is returned.
 *
 * KEYS[1] is the revision key, KEYS[2] `feed`, KEYS[3] `feed_head`, KEYS[4] `feed_start`, the others
 * are every key touched.
 * ARGV[1] is the new revision; ARGV[2] the number m of changes to record; ARGV[3..6] the time (ms),
 * the most changes kept, the oldest kept (ms, `0`: no bound) and the channel to publish on; then 4
 * arguments per change (see `changeArguments`: its flag key is read from a `flag_id:` key when only
 * that is given, after the checks passed); then the checks, then `|`, then the writes; each names its
 * key by its index in KEYS. The changes are recorded after the writes (see `FEED_LUA`).
 * Checks: `eq k v` (GET k == v), `absent k`, `present k`, `hget k f v`, `hnofield k f`,
 * `members k n m1..mn` (the set is exactly these members).
 * Writes: `set k v`, `del k`, `pexpire k ms`, `sadd k m`, `srem k m`, `zadd k score m`, `zrem k m`,
 * `zprune k max` (ZREMRANGEBYSCORE -inf max), `zexpire k now` (the sorted set expires when its
 * highest score, a time in ms, passes; never while a member scores +inf), `hset k f v`, `hdel k f`.
 */
export const APPLY: LuaScript = {
  name: 'apply',
  source: `${FEED_LUA}local a, n = ARGV, #ARGV
local m = tonumber(a[2])
local i = 7 + 4 * m
local function nxt() local v = a[i]; i = i + 1; return v end
local function key() return KEYS[tonumber(nxt())] end
local count = 0
while a[i] ~= '|' do
  count = count + 1
  local op = nxt()
  local k = key()
  local ok
  if op == 'eq' then ok = redis.call('GET', k) == nxt()
  elseif op == 'absent' then ok = redis.call('EXISTS', k) == 0
  elseif op == 'present' then ok = redis.call('EXISTS', k) == 1
  elseif op == 'hget' then local f = nxt(); ok = redis.call('HGET', k, f) == nxt()
  elseif op == 'hnofield' then ok = redis.call('HEXISTS', k, nxt()) == 0
  elseif op == 'members' then
    local m = tonumber(nxt())
    ok = redis.call('SCARD', k) == m
    for _ = 1, m do
      local member = nxt()
      if ok and redis.call('SISMEMBER', k, member) == 0 then ok = false end
    end
  else return redis.error_reply('unknown check ' .. tostring(op)) end
  if not ok then return count end
end
i = i + 1
local payloads = {}
for j = 0, m - 1 do
  local b = 7 + 4 * j
  local flagKey = a[b + 1]
  if flagKey == '' and a[b + 2] ~= '' then flagKey = redis.call('GET', a[b + 2]) or '' end
  payloads[#payloads + 1] = a[b] .. field(flagKey) .. a[b + 3]
end
while i <= n do
  local op = nxt()
  local k = key()
  if op == 'set' then redis.call('SET', k, nxt())
  elseif op == 'del' then redis.call('DEL', k)
  elseif op == 'pexpire' then redis.call('PEXPIRE', k, nxt())
  elseif op == 'sadd' then redis.call('SADD', k, nxt())
  elseif op == 'srem' then redis.call('SREM', k, nxt())
  elseif op == 'zadd' then local s = nxt(); redis.call('ZADD', k, s, nxt())
  elseif op == 'zrem' then redis.call('ZREM', k, nxt())
  elseif op == 'zprune' then redis.call('ZREMRANGEBYSCORE', k, '-inf', nxt())
  elseif op == 'zexpire' then
    local now, top = tonumber(nxt()), redis.call('ZRANGE', k, -1, -1, 'WITHSCORES')
    if top[2] == nil or top[2] == 'inf' then redis.call('PERSIST', k)
    else redis.call('PEXPIRE', k, math.max(1, math.ceil(tonumber(top[2]) - now))) end
  elseif op == 'hset' then local f = nxt(); redis.call('HSET', k, f, nxt())
  elseif op == 'hdel' then redis.call('HDEL', k, nxt())
  else return redis.error_reply('unknown write ' .. tostring(op)) end
end
redis.call('SET', KEYS[1], a[1])
record(KEYS[2], KEYS[3], KEYS[4], a[3], tonumber(a[4]), tonumber(a[5]), a[6], payloads)
return 0`,
};

/**
 * Every read of several documents in one round trip: takes ids from an index, then maps them through
 * a chain of key prefixes with MGET (`<prefix><id>` → value → next prefix …) and returns the values
 * found at the end of the chain, missing ones left out.
 *
 * KEYS[1] is the index; ARGV[1] says how to read it: `members` (SMEMBERS), `zmembers` (ZRANGE 0 -1),
 * `hvals` (HVALS), `hget` (HGET of field ARGV[2]) or `get` (GET). With ARGV[3] = `1` each value comes
 * after the key it was read from (`key, value, key, value …`). ARGV[4..] is the prefix chain.
 */
export const COLLECT: LuaScript = {
  name: 'collect',
  source: `local how = ARGV[1]
local ids
if how == 'members' then ids = redis.call('SMEMBERS', KEYS[1])
elseif how == 'zmembers' then ids = redis.call('ZRANGE', KEYS[1], 0, -1)
elseif how == 'hvals' then ids = redis.call('HVALS', KEYS[1])
elseif how == 'hget' then ids = { redis.call('HGET', KEYS[1], ARGV[2]) }
elseif how == 'get' then ids = { redis.call('GET', KEYS[1]) }
else return redis.error_reply('unknown index read ' .. tostring(how)) end
for step = 4, #ARGV do
  local prefix, found = ARGV[step], {}
  local named = ARGV[3] == '1' and step == #ARGV
  local batch = {}
  local function flush()
    if #batch == 0 then return end
    local values = redis.call('MGET', unpack(batch))
    for j, v in ipairs(values) do
      if v then
        if named then found[#found + 1] = batch[j] end
        found[#found + 1] = v
      end
    end
    batch = {}
  end
  for _, id in ipairs(ids) do
    if id then batch[#batch + 1] = prefix .. id end
    if #batch == 1000 then flush() end
  end
  flush()
  ids = found
end
return ids`,
};

/**
 * Deletes a flag with everything that belongs to it, atomically. The caller read the flag first
 * to learn its id; if `flag_id:<id>` no longer names this key (deleted or replaced meanwhile)
 * nothing happens and 0 is returned, else 1.
 *
 * KEYS: 1 revision, 2 flag:<key>, 3 flags, 4 flags_active, 5 flag_id:<id>, 6 flag_overrides:<id>,
 * 7 flag_changes:<id>, 8 flag_schedules:<id>, 9 flag_phases:<id>, 10 changes, 11 changes_pending,
 * 12 schedules, 13 phases_pending, 14 flag_stamps, 15 feed, 16 feed_head, 17 feed_start. ARGV: 1 new revision, 2 the flag key,
 * 3 the prefix (the script derives the keys of the flag's overrides, changes, schedules and phases
 * from it), 4 the flag's id, 5..8 the time, most changes kept, oldest kept and channel of the feed.
 * The feed records the flag and every child removed; each override leaves its entity's set too.
 */
export const DELETE_FLAG: LuaScript = {
  name: 'delete-flag',
  source: `${FEED_LUA}if redis.call('GET', KEYS[5]) ~= ARGV[2] or redis.call('EXISTS', KEYS[2]) == 0 then return 0 end
local p = ARGV[3]
local flagKey = field(ARGV[2])
local payloads = { field('flag') .. field(ARGV[4]) .. field('delete') .. flagKey .. '0:0:' }
local function gone(kind, id, tail) payloads[#payloads + 1] = field(kind) .. field(id) .. field('delete') .. flagKey .. tail end
local function each(ids, prefix, fn)
  for _, id in ipairs(ids) do fn(prefix .. id, id) end
end
local doomed = {}
local function doom(k) doomed[#doomed + 1] = k end
for _, id in ipairs(redis.call('ZRANGE', KEYS[6], 0, -1)) do
  local idKey = p .. 'override_id:' .. id
  local docKey = redis.call('GET', idKey)
  if docKey then
    doom(p .. docKey)
    local escType, entityId = string.match(docKey, '^override:[^:]*:([^:]*):(.*)$')
    if escType then
      -- Leave the entity's set, and let the set expire with its last expiring member (as 'zexpire').
      local entityKey = p .. 'entity_overrides:' .. escType .. ':' .. entityId
      redis.call('ZREM', entityKey, docKey)
      redis.call('ZREMRANGEBYSCORE', entityKey, '-inf', ARGV[5])
      local top = redis.call('ZRANGE', entityKey, -1, -1, 'WITHSCORES')
      if top[2] ~= nil and top[2] ~= 'inf' then
        redis.call('PEXPIRE', entityKey, math.max(1, math.ceil(tonumber(top[2]) - tonumber(ARGV[5]))))
      end
      local entityType = string.gsub(string.gsub(escType, '%%3A', ':'), '%%25', '%%')
      gone('override', id, field(entityType) .. field(entityId))
    end
  end
  doom(idKey)
end
each(redis.call('SMEMBERS', KEYS[7]), p .. 'change:', function(k, id)
  doom(k); redis.call('SREM', KEYS[10], id); redis.call('SREM', KEYS[11], id); gone('scheduled-change', id, '0:0:')
end)
each(redis.call('SMEMBERS', KEYS[8]), p .. 'schedule:', function(k, id)
  doom(k); redis.call('SREM', KEYS[12], id); gone('time-schedule', id, '0:0:')
end)
each(redis.call('HVALS', KEYS[9]), p .. 'phase:', function(k, id)
  doom(k); redis.call('SREM', KEYS[13], id); gone('rollout-phase', id, '0:0:')
end)
for j = 2, 9 do if j ~= 3 and j ~= 4 then doom(KEYS[j]) end end
for start = 1, #doomed, 500 do
  redis.call('DEL', unpack(doomed, start, math.min(start + 499, #doomed)))
end
redis.call('SREM', KEYS[3], ARGV[2])
redis.call('SREM', KEYS[4], ARGV[2])
redis.call('HDEL', KEYS[14], ARGV[2])
redis.call('SET', KEYS[1], ARGV[1])
record(KEYS[15], KEYS[16], KEYS[17], ARGV[5], tonumber(ARGV[6]), tonumber(ARGV[7]), ARGV[8], payloads)
return 1`,
};

/**
 * The conditional bulk read of flags: the caller names the flags it wants (a list of keys, or the
 * members of an index set) and what it already holds of them; only the documents that changed travel
 * back. The server decides what is unchanged: when the revision is still the one the caller held its
 * view at, nothing was written since; otherwise a held stamp (see `flag_stamps`) counts only if it is
 * the current stamp of a wanted flag's document. Stamps travel packed in one argument and the answer
 * about them in one string: a thousand separate arguments and replies cost the client more than the
 * script's work.
 *
 * One reply carries documents up to a budget of bytes (at least one): the keys of the other changed
 * flags come back instead, for the caller to read in further calls (mode `keys`), so no reply grows
 * with the store (a 10,000-flag store is tens of megabytes, more than an HTTP round trip should carry).
 *
 * KEYS[1] is `flag_stamps`, KEYS[2] the revision key, KEYS[3] the index set (mode `index` only).
 * ARGV[1] is the flag key prefix, ARGV[2] the mode, ARGV[3] the held stamps, each STAMP_LENGTH
 * characters, concatenated, ARGV[4] the revision at which the caller's view was current (`''`: none),
 * ARGV[5] the budget in bytes. Mode `keys`: ARGV[6] is the wanted flag keys, each followed by a line
 * feed (never part of a flag key), and the n-th held stamp belongs to the n-th key (a run of `-` when
 * none is held; no stamps at all when the caller holds none of them). Mode `index`: the wanted flags are the members of KEYS[3] and the held stamps are any
 * set of stamps. Reply: `=` and the revision when it is ARGV[4]. Otherwise a string with one character
 * per held stamp, `1` where that document is wanted and current (serve the held copy), else `0`; the
 * current revision (`''` before the first write); the keys left for later calls, each followed by a
 * line feed; then `key, stamp, document` for the other wanted flags that exist (stamp `''` when the
 * document has none), as many as the budget holds.
 */
export const READ_FLAGS: LuaScript = {
  name: 'read-flags',
  source: `local prefix, how, packed, budget = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[5])
local revision = redis.call('GET', KEYS[2]) or ''
if ARGV[4] ~= '' and ARGV[4] == revision then return { '=', revision } end
local width = ${STAMP_LENGTH}
local count = #packed / width
local names, heldAt, marks = {}, {}, {}
for p = 1, count do marks[p] = '0' end
if how == 'keys' then
  for name in string.gmatch(ARGV[6], '([^\\n]+)\\n') do names[#names + 1] = name end
elseif how == 'index' then
  names = redis.call('SMEMBERS', KEYS[3])
  for p = 1, count do heldAt[string.sub(packed, p * width - width + 1, p * width)] = p end
else return redis.error_reply('unknown flag read ' .. tostring(how)) end
local reply, later, size = { '', revision, '' }, {}, 0
for start = 1, #names, 1000 do
  local last = math.min(start + 999, #names)
  local stamps = redis.call('HMGET', KEYS[1], unpack(names, start, last))
  local fetch, fetchStamps = {}, {}
  local from = start
  if how == 'keys' then
    -- The usual answer, that nothing changed, costs one comparison of the whole run of stamps.
    local whole = true
    for j = 1, #stamps do if not stamps[j] then whole = false; break end end
    if whole and table.concat(stamps) == string.sub(packed, start * width - width + 1, last * width) then
      for j = start, last do marks[j] = '1' end
      from = last + 1
    end
  end
  for j = from, last do
    local stamp = stamps[j - start + 1]
    local at = false
    if stamp then
      if how == 'index' then at = heldAt[stamp]
      elseif string.sub(packed, j * width - width + 1, j * width) == stamp then at = j end
    end
    if at then marks[at] = '1'
    else
      fetch[#fetch + 1] = names[j]
      fetchStamps[#fetchStamps + 1] = stamp or ''
    end
  end
  if #fetch > 0 and size >= budget then
    for _, name in ipairs(fetch) do later[#later + 1] = name end
  elseif #fetch > 0 then
    local keys = {}
    for j, name in ipairs(fetch) do keys[j] = prefix .. name end
    local docs = redis.call('MGET', unpack(keys))
    for j, doc in ipairs(docs) do
      if doc and size >= budget then later[#later + 1] = fetch[j]
      elseif doc then
        reply[#reply + 1] = fetch[j]
        reply[#reply + 1] = fetchStamps[j]
        reply[#reply + 1] = doc
        size = size + #doc
      end
    end
  end
end
reply[1] = table.concat(marks)
if #later > 0 then reply[3] = table.concat(later, '\\n') .. '\\n' end
return reply`,
};
