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
