-- POST /signal: ARGV = prefix, call, session, kind, body, seat timeout ms, then with resumable
-- sessions on the frame the call's sockets get, most frames, most bytes, session ttl ms ('' when
-- off). Publishes the signal to the call's nodes if the session is seated; the frame waits in
-- the inbox of every other socket's session (call-lib.lua publish). Answers {1} or {0}.
local call, session, kind, body = ARGV[2], ARGV[3], ARGV[4], ARGV[5]
prune(call, now_ms(), tonumber(ARGV[6]))
if not seated(call, session) then
  return {0}
end
local relay = nil
if ARGV[7] and ARGV[7] ~= '' then
  relay = {ARGV[7], tonumber(ARGV[8]), tonumber(ARGV[9]), tonumber(ARGV[10])}
end
publish(call, session, kind, body, relay)
return {1}
