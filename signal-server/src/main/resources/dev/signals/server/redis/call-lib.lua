-- Helpers shared by the call scripts (docs/call.md, docs/cluster.md); prepended to each.
-- Key layout under the prefix P (ARGV[1]; on a Redis Cluster it ends in the tag of the call's slot,
-- so a node's index, the orphans and a node's channel exist once per slot: KeySlots), see docs/cluster.md:
--   call-seats:<call>     ZSET  session -> stamp (ms, Redis's clock): the seat semaphore
--   call-live:<call>      HASH  session -> '~' (live, no socket) or '<node> <conn>' (its socket)
--   call-orphans          ZSET  '<session> <call>' -> when its seat lapses unless a socket takes it
--   node-calls:<node>     HASH  '<session> <call>' -> conn, every socket a node holds
-- Sessions are server-made KSUIDs (no spaces); node ids may contain spaces, conn ids do not.
-- A socket may be a resumable session's, shared under its conn as P session:{<conn>}
-- (session-lib.lua, prepended before this file; docs/cluster.md "Resumable sessions"): while that
-- session exists (attached, or held for its window) its seat does not lapse, reaping leaves it
-- live, and a posted signal for it waits in the session's inbox until its node numbers it.
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

-- Whether a resumable session is shared under conn (its socket's or held).
local function has_session(conn)
  return redis.call('EXISTS', P .. 'session:{' .. conn .. '}') == 1
end

-- The conn of a live entry's socket, or nil (socketless, or malformed).
local function conn_of(holder)
  if not holder or holder == SOCKETLESS then
    return nil
  end
  local _, conn = split_holder(holder)
  return conn
end

-- Drops the call's stale seats: now - stamp > timeout (0 = seats never lapse); a seat whose
-- socket's session still exists is stamped now instead (docs/resume.md#held: the seat is kept).
local function prune(call, now, timeout)
  if timeout <= 0 then
    return
  end
  local key = seats_key(call)
  for _, session in ipairs(redis.call('ZRANGEBYSCORE', key, '-inf', '(' .. (now - timeout))) do
    local conn = conn_of(redis.call('HGET', live_key(call), session))
    if conn and has_session(conn) then
      redis.call('ZADD', key, now, session)
    else
      redis.call('ZREM', key, session)
    end
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

-- Publishes an event session caused to every node holding a socket of call. With relay =
-- {frame, most frames, most bytes, ttl} (a posted signal, PEER or LEAVE: its frame as the sockets
-- get it, the same for every socket since the session is left out of it), the
-- frame is kept in the inbox of every other socket's session on its way, and numbered at once
-- for one whose node no longer listens (session-lib.lua pend/settle).
local function publish(call, session, kind, body, relay)
  local message = nil
  local nodes, kept = {}, {}
  local flat = redis.call('HGETALL', live_key(call))
  for i = 1, #flat, 2 do
    local node, conn = nil, nil
    if flat[i + 1] ~= SOCKETLESS then
      node, conn = split_holder(flat[i + 1])
    end
    if node then
      if not kept[node] then
        nodes[#nodes + 1] = node
        kept[node] = {}
      end
      if relay and flat[i] ~= session and use_session(P, conn)
          and pend(P .. 'node:' .. node, relay[1], relay[2], relay[3], P .. 'node:', conn) then
        table.insert(kept[node], conn)
      end
    end
  end
  for _, node in ipairs(nodes) do
    message = message or ('call ' .. cjson.encode({'e', call, session, kind, body}))
    local receivers = redis.call(PUBLISH, P .. 'node:' .. node, message)
    for _, conn in ipairs(kept[node]) do
      use_session(P, conn)
      settle(receivers, true, relay[2], relay[3], relay[4], P .. 'node:', conn)
    end
  end
end

-- The relay argument of publish from ARGV[i .. i + 3] (the frame, most frames, most bytes,
-- session ttl ms), or nil when they are absent or '' (sessions off, or no frame given).
local function relay_at(i)
  if ARGV[i] and ARGV[i] ~= '' then
    return {ARGV[i], tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2]), tonumber(ARGV[i + 3])}
  end
  return nil
end

-- The kept frames of a script that publishes for many calls: ARGV[i] is '' with sessions off,
-- else a JSON array of strings: the PEER frame before and after a call's name, the LEAVE frame
-- before and after it (as the call codec writes them), most frames, most bytes, session ttl ms.
local function templates_at(i)
  if not ARGV[i] or ARGV[i] == '' then
    return nil
  end
  local t = cjson.decode(ARGV[i])
  for j = 5, 7 do
    t[j] = tonumber(t[j])
  end
  return t
end

-- The relay argument of publish for kind ('PEER' | 'LEAVE') in call, from templates_at's answer;
-- nil when it is nil or the codec would escape the name (it escapes only a quote, a backslash and
-- control characters, as JSON.stringify does), so that frame is not kept (docs/cluster.md).
local function relay_for(templates, call, kind)
  if not templates or string.find(call, '[%z\1-\31"\\]') then
    return nil
  end
  local at = kind == 'PEER' and 1 or 3
  return {templates[at] .. call .. templates[at + 1], templates[5], templates[6], templates[7]}
end

-- Ends a live session: its entry goes, and the call hears LEAVE (with the LEAVE extension on);
-- relay, when given, keeps the LEAVE frame for the other sockets' sessions (publish).
local function gone(call, session, leave, relay)
  redis.call('HDEL', live_key(call), session)
  if leave then
    publish(call, session, 'LEAVE', '', relay)
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
