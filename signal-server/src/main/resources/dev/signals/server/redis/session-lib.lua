-- Helpers shared by the session scripts (prepended to each), docs/cluster.md "Resumable sessions".
-- Every session script declares its keys, all in the session's own hash slot:
--   KEYS[1]  P session:{<address>}      HASH  secret, dialect, path, subject, home (node holding its
--                                              dialect handler), conn (attached socket, '' while held),
--                                              held (ms, Redis clock, when the hold ends; 0 attached),
--                                              issued, acked, bytes, cseq, state, over (log overflowed),
--                                              ending (a node is running its leave, until this time)
--   KEYS[2]  P session:{<address>}:log  LIST  wrapped frames {"seq":n,"msg":...}, seq acked+1 .. issued
--   KEYS[3]  P session:{<address>}:inbox HASH id -> [node channel, frame]: cross-node relays on their
--                                              way to that node, which numbers them (S holds 'rx', the
--                                              last id, and 'ibytes', their frames' bytes)
-- The session's home hears about it on its node channel as 'session f <address> <seq> <frame>'
-- (a numbered frame), 'session k <address>' (resumed on another node) or 'session o <address>'
-- (log overflowed).
local S, LOG, INBOX = KEYS[1], KEYS[2], KEYS[3]

-- Points the helpers at another session: a call or domain script that reaches sessions of
-- several sockets (docs/cluster.md "Resumable sessions") visits them one at a time.
local function use_session(prefix, address)
  S = prefix .. 'session:{' .. address .. '}'
  LOG = S .. ':log'
  INBOX = S .. ':inbox'
  return redis.call('EXISTS', S) == 1
end

local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local function touch(ttl)
  redis.call('PEXPIRE', S, ttl)
  redis.call('PEXPIRE', LOG, ttl)
  redis.call('PEXPIRE', INBOX, ttl)
end

-- Numbers and logs frame (docs/resume.md#wire): the one place a clustered session's seq is issued.
-- Publishes it to the session's home ('session f'); on a full log marks it over and tells the home
-- ('session o'). Answers the seq, 0 (no such session, or ended) or -1 (the log is full).
local function number(frame, most_frames, most_bytes, ttl, channels, address)
  local f = redis.call('HMGET', S, 'issued', 'bytes', 'home', 'over', 'ending')
  if f[4] or f[5] then
    return -1
  end
  local seq = tonumber(f[1]) + 1
  local wire = '{"seq":' .. seq .. ',"msg":' .. frame .. '}'
  local bytes = tonumber(f[2]) + #wire
  if redis.call('LLEN', LOG) >= most_frames or bytes > most_bytes then
    redis.call('HSET', S, 'over', 1)
    redis.call(PUBLISH, channels .. f[3], 'session o ' .. address)
    return -1
  end
  redis.call('RPUSH', LOG, wire)
  redis.call('HSET', S, 'issued', seq, 'bytes', bytes)
  touch(ttl)
  redis.call(PUBLISH, channels .. f[3], 'session f ' .. address .. ' ' .. seq .. ' ' .. wire)
  return seq
end

-- The inbox's entries, oldest first: {id, channel, frame}.
local function inbox_entries()
  local flat = redis.call('HGETALL', INBOX)
  local out = {}
  for i = 1, #flat, 2 do
    local e = cjson.decode(flat[i + 1])
    out[#out + 1] = {tonumber(flat[i]), e[1], e[2]}
  end
  table.sort(out, function(a, b) return a[1] < b[1] end)
  return out
end

local function take(entry)
  redis.call('HDEL', INBOX, entry[1])
  redis.call('HINCRBY', S, 'ibytes', -#entry[3])
end

-- Numbers the inbox's frames whose node nobody listens to any more (it died with them on their
-- way, docs/cluster.md "Resumable sessions"), oldest first, so they precede later frames.
local function drain_dead(most_frames, most_bytes, ttl, channels, address)
  if redis.call('HLEN', INBOX) == 0 then
    return 0
  end
  local listening, last = {}, 0
  for _, entry in ipairs(inbox_entries()) do
    local channel = entry[2]
    if listening[channel] == nil then
      listening[channel] = redis.call('PUBSUB', 'NUMSUB', channel)[2] > 0
    end
    if not listening[channel] then
      take(entry)
      last = number(entry[3], most_frames, most_bytes, ttl, channels, address)
      if last < 0 then
        return last
      end
    end
  end
  return last
end

-- Numbers and logs frame for the session, first the frames its dead nodes never numbered; a frame
-- its inbox holds (a relay this node received) leaves the inbox as it is numbered. Answers the seq,
-- 0 (no such session) or -1 (ended, or the log is full).
local function append(frame, most_frames, most_bytes, ttl, channels, address)
  if redis.call('EXISTS', S) == 0 then
    return 0
  end
  if drain_dead(most_frames, most_bytes, ttl, channels, address) < 0 then
    return -1
  end
  if redis.call('HLEN', INBOX) > 0 then
    for _, entry in ipairs(inbox_entries()) do
      if entry[3] == frame then
        take(entry)
        break
      end
    end
  end
  return number(frame, most_frames, most_bytes, ttl, channels, address)
end

-- Keeps frame in the inbox until the node behind channel numbers it (append) or is found dead
-- (drain_dead), so a relay never depends on that node living. Answers false when the session is
-- ending or the frame would overflow its bounds (then it is told, as for a full log).
local function pend(channel, frame, most_frames, most_bytes, channels, address)
  local f = redis.call('HMGET', S, 'issued', 'bytes', 'home', 'over', 'ending', 'ibytes')
  if f[4] or f[5] then
    return false
  end
  local ibytes = tonumber(f[6] or 0) + #frame
  if redis.call('LLEN', LOG) + redis.call('HLEN', INBOX) >= most_frames or tonumber(f[2]) + ibytes > most_bytes then
    redis.call('HSET', S, 'over', 1)
    redis.call(PUBLISH, channels .. f[3], 'session o ' .. address)
    return false
  end
  local id = redis.call('HINCRBY', S, 'rx', 1)
  redis.call('HSET', INBOX, id, cjson.encode({channel, frame}))
  redis.call('HSET', S, 'ibytes', ibytes)
  return true
end

-- After the publish of a frame pend kept: a node that heard it numbers it (the inbox only lives
-- on); with nobody listening (the node is gone) it is numbered at once, after any frames that
-- node left in the inbox. Answers the receivers, or -seq when numbered here, or 0 (lost).
local function settle(receivers, kept, most_frames, most_bytes, ttl, channels, address)
  if receivers > 0 then
    if kept then
      touch(ttl)
    end
    return receivers
  end
  if not kept then
    return 0
  end
  local seq = drain_dead(most_frames, most_bytes, ttl, channels, address)
  return seq > 0 and -seq or 0
end
