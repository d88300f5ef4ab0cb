-- Re-registration after the link came back (docs/cluster.md). ARGV = prefix, sessions
-- (room-lib.lua), node, ttl ms, live nodes (lease-lib.lua), n, then n pairs (client, room) this
-- node serves, then pairs (client, room) that left while Redis was unreachable. Settles the
-- departures, re-adds missing members (the cap is not applied: they were admitted before), drops
-- members of these rooms whose node has no lease, and answers one array per room: {room, id1,
-- node1, ...}.
local node, ttl, n = ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[6])
local alive = lease_check(P, ARGV[5])
for i = 7 + 2 * n, #ARGV, 2 do
  remove_member(ARGV[i + 1], ARGV[i], node, node)
end
local seen, order = {}, {}
for i = 7, 6 + 2 * n, 2 do
  local client, room = ARGV[i], ARGV[i + 1]
  if not seen[room] then
    seen[room] = true
    order[#order + 1] = room
  end
  if not holds(room, client, node) then
    move_member(room, client, node, ttl)
  end
end
local out = {}
for _, room in ipairs(order) do
  local nk = nodes_key(room)
  for _, client in ipairs(redis.call('ZRANGE', members_key(room), 0, -1)) do
    local owner = redis.call('HGET', nk, client)
    if not owner then
      redis.call('ZREM', members_key(room), client)
    elseif owner ~= node and not alive(owner) and not has_session(client) then
      remove_member(room, client, owner, node)
    end
  end
  local entry = snapshot(room)
  table.insert(entry, 1, room)
  out[#out + 1] = entry
end
return out
