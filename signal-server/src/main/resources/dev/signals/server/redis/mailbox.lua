-- One mailbox request (docs/mailbox.md steps 2-5), atomically, for whichever node received it.
-- ARGV = prefix, op ('offer' | 'push' | 'pop'), key, queue, value, ttl ms (offer), value blank
-- ('1' | '0', push), lifetime ms (0 = none), max bytes (0 = none), max items per queue (0 = none),
-- bytes per key, bytes per item (MailboxWeigher's allowances), bookkeeping ttl ms, sdp queue ('1' | '0'),
-- client address, max bytes per key (0 = none), max bytes per address (0 = none).
-- Answers {outcome, total bytes, keys[, item]}; outcome is 'ok', 'missing', 'sdp_exists',
-- 'body_empty', 'queue_missing', 'empty' or 'full'. A refusal changes nothing but, as on one node,
-- the TTL a poll or a repeated offer restarts.
local op, key, queue, value = ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local ttl, blank, lifetime = tonumber(ARGV[6]), ARGV[7] == '1', tonumber(ARGV[8])
local max_bytes, max_items = tonumber(ARGV[9]), tonumber(ARGV[10])
local key_bytes, item_bytes, books_ttl, sdp = tonumber(ARGV[11]), tonumber(ARGV[12]), tonumber(ARGV[13]), ARGV[14] == '1'
local client = ARGV[15]
local limits = {max = max_bytes, key = tonumber(ARGV[16]), share = tonumber(ARGV[17])}
local now = now_ms()
sweep(now, 16)

local mk, qk = meta_key(key), queue_key(queue, key)
local seen_field = 'seen:' .. queue
local exists = redis.call('EXISTS', mk) == 1
-- Whose share an existing key's bytes count against (a key from before shares were kept: nobody's).
local owner = redis.call('HGET', OWNERS, key) or ''

local function answer(outcome, item)
  local out = {outcome, total(), redis.call('ZCARD', DEADLINES)}
  if item then
    out[4] = item
  end
  return out
end

local function push()
  redis.call('RPUSH', qk, value)
  redis.call('HSET', mk, seen_field, '1')
end

if op == 'offer' then
  local cost = item_bytes + #value
  if not exists then
    forget(key) -- an expired key's bytes, if not yet released
    if not reserve(key, client, key_bytes + #key + cost, limits, now) then
      return answer('full')
    end
    redis.call('HSET', OWNERS, key, client)
    redis.call('HSET', mk, 'ttl', ttl, 'end', lifetime > 0 and now + lifetime or 0)
    push()
    touch(key, now, books_ttl)
    return answer('ok')
  end
  if redis.call('HEXISTS', mk, seen_field) == 1 then
    redis.call('HSET', mk, 'ttl', ttl)
    touch(key, now, books_ttl)
    return answer('sdp_exists')
  end
  if not reserve(key, owner, cost, limits, now) then
    return answer('full')
  end
  redis.call('HSET', mk, 'ttl', ttl)
  push()
  touch(key, now, books_ttl)
  return answer('ok')
end

if not exists then
  return answer('missing')
end

if op == 'pop' then
  -- docs/mailbox.md step 4: every poll on an existing key restarts its TTL, even an empty one.
  touch(key, now, books_ttl)
  if redis.call('HEXISTS', mk, seen_field) == 0 then
    return answer('queue_missing')
  end
  local item = redis.call('LPOP', qk)
  if not item then
    return answer('empty')
  end
  redis.call('DECRBY', BYTES, item_bytes + #item)
  redis.call('HINCRBY', COSTS, key, -(item_bytes + #item))
  release(owner, item_bytes + #item)
  return answer('ok', item)
end

-- push
if blank then
  return answer('body_empty')
end
if sdp and redis.call('HEXISTS', mk, seen_field) == 1 then
  touch(key, now, books_ttl)
  return answer('sdp_exists')
end
if max_items > 0 and redis.call('LLEN', qk) >= max_items then
  return answer('full')
end
if not reserve(key, owner, item_bytes + #value, limits, now) then
  return answer('full')
end
push()
touch(key, now, books_ttl)
return answer('ok')
