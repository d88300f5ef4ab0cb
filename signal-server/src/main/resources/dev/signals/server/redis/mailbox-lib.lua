-- Helpers shared by the mailbox scripts (PROTOCOLS.md §2, §6); prepended to each.
-- Key layout under the prefix P (ARGV[1]), see docs/cluster.md:
--   mailbox:<key>              HASH  ttl (ms), end (absolute end of life, ms; 0 = none), seen:<queue> = 1
--                                    for every queue that ever accepted an item
--   mailbox-queue:<queue>:<key> LIST  the queue's items, oldest first
--   mailbox-deadlines          ZSET  key -> when it expires (ms): how freed bytes are found
--   mailbox-costs              HASH  key -> bytes it holds (key and items, as MailboxWeigher counts)
--   mailbox-bytes              STRING total of mailbox-costs
-- A key and its queues expire together (PEXPIREAT, Redis's own clock). The three bookkeeping keys
-- expire when no key has been touched for longer than any key can live.
local P = ARGV[1]
local QUEUES = {'offer_sdp', 'answer_sdp', 'offer_candidates', 'answer_candidates'}
local DEADLINES, COSTS, BYTES = P .. 'mailbox-deadlines', P .. 'mailbox-costs', P .. 'mailbox-bytes'

local function meta_key(key) return P .. 'mailbox:' .. key end
local function queue_key(queue, key) return P .. 'mailbox-queue:' .. queue .. ':' .. key end

local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local function total()
  return tonumber(redis.call('GET', BYTES) or '0')
end

-- Forgets the cost of `key`, which has expired (or is being created afresh).
local function forget(key)
  local cost = redis.call('HGET', COSTS, key)
  if cost then
    redis.call('DECRBY', BYTES, cost)
    redis.call('HDEL', COSTS, key)
  end
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

-- Takes `cost` bytes for `key` from the budget `max` (0 = none); false, changing nothing, when
-- they do not fit even after releasing every expired key's bytes.
local function reserve(key, cost, max, now)
  if max > 0 and total() + cost > max then
    sweep(now, 100000)
    if total() + cost > max then
      return false
    end
  end
  redis.call('INCRBY', BYTES, cost)
  redis.call('HINCRBY', COSTS, key, cost)
  return true
end

-- Restarts the key's sliding TTL, never past its end of life (PROTOCOLS.md §2 TTL).
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
end
