-- Helpers shared by the call scripts (docs/call.md, docs/cluster.md); prepended to each.
-- Key layout under the prefix P (ARGV[1]), see docs/cluster.md:
--   call-seats:<call>     ZSET  session -> stamp (ms, Redis's clock): the seat semaphore
--   call-live:<call>      HASH  session -> '~' (live, no socket) or '<node> <conn>' (its socket)
--   call-orphans          ZSET  '<session> <call>' -> when its seat lapses unless a socket takes it
--   node-calls:<node>     HASH  '<session> <call>' -> conn, every socket a node holds
-- Sessions are server-made KSUIDs (no spaces); node ids may contain spaces, conn ids do not.
-- Events go to each node holding a socket of the call, on P .. 'node:' .. node, as
-- 'call ' .. ["e",call,session,kind,body]; a replaced socket's node gets ["r",call,session,conn]
-- (CallBusCodec reads them).
local P = ARGV[1]
local ORPHANS = P .. 'call-orphans'
local SOCKETLESS = '~'

local function seats_key(call) return P .. 'call-seats:' .. call end
local function live_key(call) return P .. 'call-live:' .. call end
local function node_calls_key(node) return P .. 'node-calls:' .. node end
local function lease_key(node) return P .. 'node-lease:' .. node end

local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- The node and connection of a socket value '<node> <conn>'.
local function split_holder(holder)
  return string.match(holder, '^(.*) (%S+)$')
end

-- Drops the call's stale seats: now - stamp > timeout (0 = seats never lapse).
local function prune(call, now, timeout)
  if timeout > 0 then
    redis.call('ZREMRANGEBYSCORE', seats_key(call), '-inf', '(' .. (now - timeout))
  end
end

local function seated(call, session)
  return redis.call('ZSCORE', seats_key(call), session) ~= false
end

-- Stamps session's seat with now; the key lives until its last seat could lapse.
local function stamp(call, session, now, timeout, ttl)
  local key = seats_key(call)
  redis.call('ZADD', key, now, session)
  redis.call('PEXPIRE', key, timeout > 0 and timeout + 1000 or ttl)
end

-- Publishes an event session caused to every node holding a socket of call.
local function publish(call, session, kind, body)
  local message = nil
  local seen = {}
  for _, holder in ipairs(redis.call('HVALS', live_key(call))) do
    if holder ~= SOCKETLESS then
      local node = split_holder(holder)
      if node and not seen[node] then
        seen[node] = true
        message = message or ('call ' .. cjson.encode({'e', call, session, kind, body}))
        redis.call('PUBLISH', P .. 'node:' .. node, message)
      end
    end
  end
end

-- Ends a live session: its entry goes, and the call hears LEAVE (with the LEAVE extension on).
local function gone(call, session, leave)
  redis.call('HDEL', live_key(call), session)
  if leave then
    publish(call, session, 'LEAVE', '')
  end
end

-- Makes session live in call with holder as its value; the key lives `ttl`.
local function set_live(call, session, holder, ttl)
  local key = live_key(call)
  redis.call('HSET', key, session, holder)
  redis.call('PEXPIRE', key, ttl)
end

-- Records that node holds conn for session in call.
local function hold(node, call, session, conn, ttl)
  local key = node_calls_key(node)
  redis.call('HSET', key, session .. ' ' .. call, conn)
  redis.call('PEXPIRE', key, ttl)
end

local function unhold(node, call, session, conn)
  local key, field = node_calls_key(node), session .. ' ' .. call
  if redis.call('HGET', key, field) == conn then
    redis.call('HDEL', key, field)
  end
end
