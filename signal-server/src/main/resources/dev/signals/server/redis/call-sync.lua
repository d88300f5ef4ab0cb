-- Re-registration after the link came back (docs/cluster.md): ARGV = prefix, node, seat timeout
-- ms, state ttl ms, leave events, live nodes (lease-lib.lua), kept frames (call-lib.lua
-- templates_at), then triples (call, session, conn) of this node's sockets.
-- Sessions this node held that are not among them are gone (LEAVE). Each socket is registered
-- again: a lost seat is restored (Redis lost it: nobody heard the session leave, so nothing is
-- published); a session that was ended while its seat stayed (this node was reaped) is live
-- again with PEER; a socket another live node took over answers as replaced.
-- Answers the replaced sockets as a flat list call1, session1, conn1, ...
local node, timeout, ttl, leave = ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5] == '1'
local alive = lease_check(P, ARGV[6])
local templates = templates_at(7)
local live = {}
for i = 8, #ARGV, 3 do
  live[ARGV[i + 1] .. ' ' .. ARGV[i]] = ARGV[i + 2]
end
local key = node_calls_key(node)
local held = redis.call('HGETALL', key)
for i = 1, #held, 2 do
  if live[held[i]] ~= held[i + 1] then
    local session, call = string.match(held[i], '^(%S+) (.*)$')
    redis.call('HDEL', key, held[i])
    if session and redis.call('HGET', live_key(call), session) == node .. ' ' .. held[i + 1] then
      gone(call, session, leave, relay_for(templates, call, 'LEAVE'))
    end
  end
end
local now = now_ms()
local replaced = {}
for i = 8, #ARGV, 3 do
  local call, session, conn = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  local mine = node .. ' ' .. conn
  local current = redis.call('HGET', live_key(call), session)
  local other = current and current ~= SOCKETLESS and current ~= mine and split_holder(current)
  if other and other ~= node and alive(other) then
    replaced[#replaced + 1] = call
    replaced[#replaced + 1] = session
    replaced[#replaced + 1] = conn
  else
    prune(call, now, timeout)
    local had_seat = seated(call, session)
    stamp(call, session, now, timeout, ttl)
    set_live(call, session, mine, ttl)
    hold(node, call, session, conn, ttl)
    redis.call('ZREM', ORPHANS, session .. ' ' .. call)
    if not current and had_seat and leave then
      publish(call, session, 'PEER', '', relay_for(templates, call, 'PEER'))
    end
  end
end
return replaced
