-- The /ws JOIN: ARGV = prefix, call, session, node, conn, seat timeout ms, state ttl ms,
-- leave events ('1' | '0').
-- Checks the seat; makes (node, conn) the session's socket. A session that was gone is live
-- again (PEER, with the LEAVE extension); a socket on another node that it replaces is told to
-- close there. Answers {1}, or {0} when the session is not seated.
local call, session, node, conn = ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local timeout, ttl, leave = tonumber(ARGV[6]), tonumber(ARGV[7]), ARGV[8] == '1'
prune(call, now_ms(), timeout)
if not seated(call, session) then
  return {0}
end
local mine = node .. ' ' .. conn
local previous = redis.call('HGET', live_key(call), session)
set_live(call, session, mine, ttl)
hold(node, call, session, conn, ttl)
redis.call('ZREM', ORPHANS, session .. ' ' .. call)
if not previous then
  if leave then
    publish(call, session, 'PEER', '')
  end
elseif previous ~= SOCKETLESS and previous ~= mine then
  local other, other_conn = split_holder(previous)
  if other and other ~= node then
    unhold(other, call, session, other_conn)
    redis.call('PUBLISH', P .. 'node:' .. other, 'call ' .. cjson.encode({'r', call, session, other_conn}))
  end
end
return {1}
