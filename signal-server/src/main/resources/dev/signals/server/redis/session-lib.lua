-- Helpers shared by the session scripts (prepended to each), docs/cluster.md "Resumable sessions".
-- Every session script declares its keys, all in the session's own hash slot:
--   KEYS[1]  P session:{<address>}      HASH  secret, dialect, path, subject, home (node holding its
--                                              dialect handler), conn (attached socket, '' while held),
--                                              held (ms, Redis clock, when the hold ends; 0 attached),
--                                              issued, acked, bytes, cseq, state, over (log overflowed),
--                                              ending (a node is running its leave, until this time)
--   KEYS[2]  P session:{<address>}:log  LIST  wrapped frames {"seq":n,"msg":...}, seq acked+1 .. issued
-- The session's home hears about it on its node channel as 'session f <address> <seq> <frame>'
-- (a numbered frame), 'session k <address>' (resumed on another node) or 'session o <address>'
-- (log overflowed).
local S, LOG = KEYS[1], KEYS[2]

local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local function touch(ttl)
  redis.call('PEXPIRE', S, ttl)
  redis.call('PEXPIRE', LOG, ttl)
end

-- Numbers and logs frame (docs/resume.md#wire): the one place a clustered session's seq is issued.
-- Publishes it to the session's home ('session f'); on a full log marks it over and tells the home
-- ('session o'). Answers the seq, 0 (no such session, or ended) or -1 (the log is full).
local function append(frame, most_frames, most_bytes, ttl, channels, address)
  if redis.call('EXISTS', S) == 0 then
    return 0
  end
  local f = redis.call('HMGET', S, 'issued', 'bytes', 'home', 'over', 'ending')
  if f[4] or f[5] then
    return -1
  end
  local seq = tonumber(f[1]) + 1
  local wire = '{"seq":' .. seq .. ',"msg":' .. frame .. '}'
  local bytes = tonumber(f[2]) + #wire
  if redis.call('LLEN', LOG) >= most_frames or bytes > most_bytes then
    redis.call('HSET', S, 'over', 1)
    redis.call('PUBLISH', channels .. f[3], 'session o ' .. address)
    return -1
  end
  redis.call('RPUSH', LOG, wire)
  redis.call('HSET', S, 'issued', seq, 'bytes', bytes)
  touch(ttl)
  redis.call('PUBLISH', channels .. f[3], 'session f ' .. address .. ' ' .. seq .. ' ' .. wire)
  return seq
end
