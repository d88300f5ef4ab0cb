-- Reaping a dead node (docs/cluster.md): ARGV = prefix, sessions (room-lib.lua), dead node, batch
-- size. Unless the node's lease is back, takes up to one batch of its members out of their rooms
-- and tells every node holding members there (this one included); members with a session stay.
-- Answers {removed, remaining}, or {-1, 0} when the node is alive again. On a Redis Cluster the
-- lease is in another slot ({nodes}), so the key read here never exists and the caller checks the
-- lease before each batch (docs/cluster.md "Redis Cluster").
local dead, batch = ARGV[3], tonumber(ARGV[4])
if redis.call('EXISTS', lease_key(dead)) == 1 then
  return {-1, 0}
end
local nr = node_rooms_key(dead)
local page = redis.call('HSCAN', nr, 0, 'COUNT', batch)[2]
local removed = 0
for i = 1, #page, 2 do
  if not has_session(page[i]) and remove_member(page[i + 1], page[i], dead, '') then
    removed = removed + 1
  end
  redis.call('HDEL', nr, page[i])
end
return {removed, redis.call('HLEN', nr)}
