-- GET /call (docs/call.md): ARGV = prefix, call, session, seat count (0 = no limit), seat timeout
-- ms (0 = never lapses), state ttl ms, then with resumable sessions on the PEER frame the call's
-- sockets get, most frames, most bytes, session ttl ms ('' when off). Drops stale seats, grants if
-- the session holds one or fewer than the count remain; a granted session new to the call is live
-- without a socket, an orphan until a socket takes it, and its PEER is published (kept for the
-- other sockets' sessions, call-lib.lua publish). Answers {1} granted or {0}.
local call, session = ARGV[2], ARGV[3]
local count, timeout, ttl = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local now = now_ms()
prune(call, now, timeout)
if not seated(call, session) and count > 0 and redis.call('ZCARD', seats_key(call)) >= count then
  return {0}
end
stamp(call, session, now, timeout, ttl)
if not redis.call('HGET', live_key(call), session) then
  set_live(call, session, SOCKETLESS, ttl)
  if timeout > 0 then
    redis.call('ZADD', ORPHANS, now + timeout, session .. ' ' .. call)
    redis.call('PEXPIRE', ORPHANS, timeout + 60000)
  end
  publish(call, session, 'PEER', '', relay_at(7))
end
return {1}
