-- POST /signal: ARGV = prefix, call, session, kind, body, seat timeout ms.
-- Publishes the signal to the call's nodes if the session is seated. Answers {1} or {0}.
local call, session, kind, body = ARGV[2], ARGV[3], ARGV[4], ARGV[5]
prune(call, now_ms(), tonumber(ARGV[6]))
if not seated(call, session) then
  return {0}
end
publish(call, session, kind, body)
return {1}
