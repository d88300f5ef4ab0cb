-- Seat renewal (a pong): ARGV = prefix, call, session, seat timeout ms, state ttl ms.
-- Answers {1} when the seat was held and is stamped now, {0} when it was lost.
local call, session, timeout, ttl = ARGV[2], ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5])
local now = now_ms()
prune(call, now, timeout)
if not seated(call, session) then
  return {0}
end
stamp(call, session, now, timeout, ttl)
return {1}
