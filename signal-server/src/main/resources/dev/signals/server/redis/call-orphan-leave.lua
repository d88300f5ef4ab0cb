-- The window of a call socket's session nobody serves has lapsed (docs/cluster.md "Resumable
-- sessions"): ARGV = prefix, call, session, conn, leave events ('1' | '0'), then with resumable
-- sessions on the LEAVE frame, most frames, most bytes, session ttl ms ('' when off). If conn, on
-- whichever node, is still the session's socket, the session is gone (LEAVE), as when a socket
-- closes; its seat lapses as usual. Answers {1} or {0}.
local call, session, conn, leave = ARGV[2], ARGV[3], ARGV[4], ARGV[5] == '1'
local holder = redis.call('HGET', live_key(call), session)
if conn_of(holder) ~= conn then
  return {0}
end
unhold(split_holder(holder), call, session, conn)
gone(call, session, leave, relay_at(6))
return {1}
