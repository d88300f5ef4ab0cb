-- Reaping a dead node (docs/cluster.md): ARGV = prefix, dead node, batch size, leave events, kept
-- frames (call-lib.lua templates_at).
-- Unless the node's lease is back, ends up to one batch of the sessions whose socket it held
-- (their calls hear LEAVE, as if the sockets had closed; seats stay until they lapse, so a
-- client may rejoin through another node). A socket whose resumable session exists stays live:
-- the session decides when it leaves (docs/cluster.md "Resumable sessions"). Answers
-- {ended, remaining}, or {-1, 0}.
-- On a Redis Cluster the lease is in another slot ({nodes}), so the key read here never exists and
-- the caller checks the lease before each batch (docs/cluster.md "Redis Cluster").
local dead, batch, leave = ARGV[2], tonumber(ARGV[3]), ARGV[4] == '1'
local templates = templates_at(5)
if redis.call('EXISTS', lease_key(dead)) == 1 then
  return {-1, 0}
end
local key = node_calls_key(dead)
local page = redis.call('HSCAN', key, 0, 'COUNT', batch)[2]
local ended = 0
for i = 1, #page, 2 do
  local session, call = string.match(page[i], '^(%S+) (.*)$')
  if session and not has_session(page[i + 1])
      and redis.call('HGET', live_key(call), session) == dead .. ' ' .. page[i + 1] then
    gone(call, session, leave, relay_for(templates, call, 'LEAVE'))
    ended = ended + 1
  end
  redis.call('HDEL', key, page[i])
end
return {ended, redis.call('HLEN', key)}
