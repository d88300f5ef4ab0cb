-- Keeps the TTLs of a live node's room state fresh: ARGV = prefix, sessions (room-lib.lua), node,
-- ttl ms.
local node, ttl = ARGV[3], tonumber(ARGV[4])
local nr = node_rooms_key(node)
local seen = {}
for _, room in ipairs(redis.call('HVALS', nr)) do
  if not seen[room] then
    seen[room] = true
    redis.call('PEXPIRE', members_key(room), ttl)
    redis.call('PEXPIRE', nodes_key(room), ttl)
  end
end
redis.call('PEXPIRE', nr, ttl)
return {}
