import type { LuaScript } from './executor.js';

/**
 * Lua shared by the write scripts: `field` encodes one field of a feed member (see
 * `store/feed-entries.ts`); `record` numbers a write's changes from the `feed_head` counter, adds them
 * to the `feed` sorted set (score = revision), trims the set to the retention — by count, and by age
 * from the oldest end, at most 1,000 members per write, stopping at the first member young enough so
 * the revisions kept stay contiguous — and publishes the new head. All inside the write's script, so a
 * change is recorded exactly when its write happens, and in the order writes run.
 *
 * A missing `feed_head` means a new store, or one that lost its data (restarted without persistence,
 * flushed, failed over to an empty replica): the counter starts from the server's clock in
 * microseconds (`TIME`), so the new feed begins above every revision a reader of the lost one can
 * hold, and such a reader gets `reset` (see `feedStart` of `@flags/core/backend`). `feed_start` keeps
 * where it started, so a reader of the store before its first change (revision 0) is handed the
 * changes since. Revisions that large need `%.0f` to become text: Lua's own conversion keeps 14 digits.
 */
export const FEED_LUA = `local function field(s) return #s .. ':' .. s end
local function rev(n) return string.format('%.0f', n) end
local function record(feedKey, headKey, startKey, now, maxc, maxage, channel, payloads)
  local m = #payloads
  if m == 0 then return end
  if redis.call('EXISTS', headKey) == 0 then
    local t = redis.call('TIME')
    local start = rev(t[1] * 1000000 + t[2])
    redis.call('MSET', headKey, start, startKey, start)
  end
  local head = redis.call('INCRBY', headKey, m)
  for j = 1, m do
    local r = rev(head - m + j)
    redis.call('ZADD', feedKey, r, now .. ':' .. r .. ':' .. payloads[j])
  end
  local over = redis.call('ZCARD', feedKey) - maxc
  if over > 0 then redis.call('ZREMRANGEBYRANK', feedKey, 0, over - 1) end
  if maxage > 0 then
    local cutoff = tonumber(now) - maxage
    for _ = 1, 10 do
      local oldest = redis.call('ZRANGE', feedKey, 0, 99)
      local k = 0
      for _, member in ipairs(oldest) do
        if tonumber(string.match(member, '^(%d+):')) < cutoff then k = k + 1 else break end
      end
      if k > 0 then redis.call('ZREMRANGEBYRANK', feedKey, 0, k - 1) end
      if k < 100 then break end
    end
  end
  redis.call('PUBLISH', channel, rev(head))
end
`;

/**
 * The change feed after a revision, in one round trip. KEYS[1] is `feed`, KEYS[2] `feed_head`, KEYS[3]
 * `feed_start`; ARGV[1] the revision to read after, ARGV[2] the most members to return. Reply: the
 * head (`0` before the first change), the oldest revision kept (`''` when none), the revision the feed started after (`''` when not known),
 * then the members in revision order.
 */
export const READ_FEED: LuaScript = {
  name: 'read-feed',
  source: `local head = redis.call('GET', KEYS[2]) or '0'
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
local reply = { head, oldest[2] or '', redis.call('GET', KEYS[3]) or '' }
local members = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. ARGV[1], '+inf', 'LIMIT', 0, tonumber(ARGV[2]))
for _, member in ipairs(members) do reply[#reply + 1] = member end
return reply`,
};

/**
 * Every override of some entities, across flags, in one round trip: the members of each
 * `entity_overrides:<type>:<id>` sorted set (scored by expiry) are override keys without the prefix, read with MGET (expired
 * ones are gone or filtered by the caller). A store written before the entity index existed has no
 * `entity_index` key: the first call builds the index from every flag's overrides, once.
 *
 * KEYS[1] is `entity_index`, KEYS[2] `flags`, KEYS[3..] the entity sets. ARGV[1] is the prefix.
 */
export const READ_ENTITY_OVERRIDES: LuaScript = {
  name: 'read-entity-overrides',
  source: `local p = ARGV[1]
if redis.call('EXISTS', KEYS[1]) == 0 then
  for _, flagKey in ipairs(redis.call('SMEMBERS', KEYS[2])) do
    local doc = redis.call('GET', p .. 'flag:' .. flagKey)
    if doc then
      local id = cjson.decode(doc).id
      local scored = redis.call('ZRANGE', p .. 'flag_overrides:' .. id, 0, -1, 'WITHSCORES')
      for j = 1, #scored, 2 do
        local docKey = redis.call('GET', p .. 'override_id:' .. scored[j])
        if docKey then
          local escType, entityId = string.match(docKey, '^override:[^:]*:([^:]*):(.*)$')
          if escType then redis.call('ZADD', p .. 'entity_overrides:' .. escType .. ':' .. entityId, scored[j + 1], docKey) end
        end
      end
    end
  end
  redis.call('SET', KEYS[1], '1')
end
local docs = {}
for k = 3, #KEYS do
  local members = redis.call('ZRANGE', KEYS[k], 0, -1)
  for start = 1, #members, 1000 do
    local batch = {}
    for j = start, math.min(start + 999, #members) do batch[#batch + 1] = p .. members[j] end
    for _, doc in ipairs(redis.call('MGET', unpack(batch))) do
      if doc then docs[#docs + 1] = doc end
    end
  end
end
return docs`,
};
