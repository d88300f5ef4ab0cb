-- Helpers shared by the mailbox scripts (docs/mailbox.md, docs/cluster.md); prepended to each.
-- Key layout under the prefix P (ARGV[1]; on a Redis Cluster it ends in '{mailbox}', so every
-- mailbox key is in one slot: KeySlots), see docs/cluster.md:
--   mailbox:<key>              HASH  ttl (ms), end (absolute end of life, ms; 0 = none), seen:<queue> = 1
--                                    for every queue that ever accepted an item
--   mailbox-queue:<queue>:<key> LIST  the queue's items, oldest first
--   mailbox-deadlines          ZSET  key -> when it expires (ms): how freed bytes are found
--   mailbox-costs              HASH  key -> bytes it holds (key and items, as MailboxWeigher counts)
--   mailbox-bytes              STRING total of mailbox-costs
--   mailbox-owners             HASH  key -> the client address that created it
--   mailbox-owned              HASH  client address -> bytes the keys it created hold
-- Every script declares the five bookkeeping keys as KEYS[1..5] (mailbox.lua also the request's
-- key and its four queues), the names computed below.
-- A key and its queues expire together (PEXPIREAT, Redis's own clock). The three bookkeeping keys
-- expire when no key has been touched for longer than any key can live.
local P = ARGV[1]
local QUEUES = {'offer_sdp', 'answer_sdp', 'offer_candidates', 'answer_candidates'}
local DEADLINES, COSTS, BYTES = P .. 'mailbox-deadlines', P .. 'mailbox-costs', P .. 'mailbox-bytes'
local OWNERS, OWNED = P .. 'mailbox-owners', P .. 'mailbox-owned'

local function meta_key(key) return P .. 'mailbox:' .. key end
local function queue_key(queue, key) return P .. 'mailbox-queue:' .. queue .. ':' .. key end

local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local function total()
  return tonumber(redis.call('GET', BYTES) or '0')
end

local function owned(owner)
  return tonumber(redis.call('HGET', OWNED, owner) or '0')
end

-- Gives back `cost` bytes of the keys `owner` created; an address holding nothing leaves the hash.
local function release(owner, cost)
  if owner and redis.call('HINCRBY', OWNED, owner, -cost) <= 0 then
    redis.call('HDEL', OWNED, owner)
  end
end

-- Forgets the cost of `key`, which has expired (or is being created afresh).
local function forget(key)
  local cost = redis.call('HGET', COSTS, key)
  if cost then
    redis.call('DECRBY', BYTES, cost)
    redis.call('HDEL', COSTS, key)
    release(redis.call('HGET', OWNERS, key), tonumber(cost))
  end
  redis.call('HDEL', OWNERS, key)
  redis.call('ZREM', DEADLINES, key)
end

-- Releases the bytes of up to `most` keys that expired before `now`.
local function sweep(now, most)
  for _, key in ipairs(redis.call('ZRANGEBYSCORE', DEADLINES, '-inf', '(' .. now, 'LIMIT', 0, most)) do
    if redis.call('EXISTS', meta_key(key)) == 0 then
      forget(key)
    end
  end
end

-- Takes `cost` bytes for `key`, created by `owner`, within `limits` (0 = none): `max` for all keys,
-- `key` for one key, `share` for the keys of one address (docs/mailbox.md#limits, the same rule as
-- MailboxBudget). False, changing nothing, when they do not fit even after releasing every expired
-- key's bytes.
local function reserve(key, owner, cost, limits, now)
  if limits.key > 0 and tonumber(redis.call('HGET', COSTS, key) or '0') + cost > limits.key then
    return false
  end
  local function fits()
    return (limits.max <= 0 or total() + cost <= limits.max)
        and (limits.share <= 0 or owned(owner) + cost <= limits.share)
  end
  if not fits() then
    sweep(now, 100000)
    if not fits() then
      return false
    end
  end
  redis.call('INCRBY', BYTES, cost)
  redis.call('HINCRBY', COSTS, key, cost)
  redis.call('HINCRBY', OWNED, owner, cost)
  return true
end

-- Restarts the key's sliding TTL, never past its end of life (docs/mailbox.md TTL).
local function touch(key, now, books_ttl)
  local mk = meta_key(key)
  local fields = redis.call('HMGET', mk, 'ttl', 'end')
  local deadline, life_end = now + tonumber(fields[1]), tonumber(fields[2])
  if life_end > 0 and life_end < deadline then
    deadline = life_end
  end
  redis.call('PEXPIREAT', mk, deadline)
  for _, queue in ipairs(QUEUES) do
    redis.call('PEXPIREAT', queue_key(queue, key), deadline)
  end
  redis.call('ZADD', DEADLINES, deadline, key)
  redis.call('PEXPIRE', DEADLINES, books_ttl)
  redis.call('PEXPIRE', COSTS, books_ttl)
  redis.call('PEXPIRE', BYTES, books_ttl)
  redis.call('PEXPIRE', OWNERS, books_ttl)
  redis.call('PEXPIRE', OWNED, books_ttl)
end
