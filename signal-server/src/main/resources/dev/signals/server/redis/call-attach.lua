-- The /ws JOIN: ARGV = prefix, call, session, node, conn, seat timeout ms, state ttl ms,
-- leave events ('1' | '0'), restored ('1' when the socket is a resumable session's restored on
-- this node, docs/cluster.md "Resumable sessions"), then with resumable sessions on the PEER frame
-- the call's sockets get, most frames, most bytes, session ttl ms ('' when off).
-- Checks the seat; makes (node, conn) the session's socket. A session that was gone is live
-- again (PEER, with the LEAVE extension); a socket on another node that it replaces is told to
-- close there. Answers {1}, or {0} when the session is not seated. A restored socket takes its
-- place back only if conn is still the session's socket (held, not replaced), and its seat with
-- it, stamped now.
local call, session, node, conn = ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local timeout, ttl, leave = tonumber(ARGV[6]), tonumber(ARGV[7]), ARGV[8] == '1'
local now = now_ms()
prune(call, now, timeout)
if ARGV[9] == '1' then
  if conn_of(redis.call('HGET', live_key(call), session)) ~= conn then
    return {0}
  end
  stamp(call, session, now, timeout, ttl)
elseif not seated(call, session) then
  return {0}
end
local mine = node .. ' ' .. conn
local previous = redis.call('HGET', live_key(call), session)
set_live(call, session, mine, ttl)
hold(node, call, session, conn, ttl)
redis.call('ZREM', ORPHANS, session .. ' ' .. call)
if not previous then
  if leave then
    publish(call, session, 'PEER', '', relay_at(10))
  end
elseif previous ~= SOCKETLESS and previous ~= mine then
  local other, other_conn = split_holder(previous)
  if other and other ~= node then
    unhold(other, call, session, other_conn)
    redis.call(PUBLISH, P .. 'node:' .. other, 'call ' .. cjson.encode({'r', call, session, other_conn}))
  end
end
return {1}
