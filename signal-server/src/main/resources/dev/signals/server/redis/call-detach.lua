-- A socket closed: ARGV = prefix, call, session, node, conn, leave events ('1' | '0'), then with
-- resumable sessions on the LEAVE frame the call's sockets get, most frames, most bytes, session
-- ttl ms ('' when off).
-- If it was still the session's socket, the session is gone (LEAVE). Answers {1} or {0}.
local call, session, node, conn, leave = ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6] == '1'
unhold(node, call, session, conn)
if redis.call('HGET', live_key(call), session) == node .. ' ' .. conn then
  gone(call, session, leave, relay_at(7))
  return {1}
end
return {0}
