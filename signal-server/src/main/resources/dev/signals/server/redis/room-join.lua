-- Join (docs/room.md, docs/cluster.md): ARGV = prefix, sessions (room-lib.lua), node, client, room,
-- cap (0 = none), ttl ms. Moves client out of the room Redis has it in (one room per client),
-- checks the cap, adds it last, announces both changes to the other nodes, and answers {'ok', id1,
-- node1, ...} (the joiner last) or {'full'}.
local node, client, room = ARGV[3], ARGV[4], ARGV[5]
local cap, ttl = tonumber(ARGV[6]), tonumber(ARGV[7])
if not holds(room, client, node) then
  if cap > 0 and redis.call('ZCARD', members_key(room)) >= cap then
    return {'full'}
  end
  move_member(room, client, node, ttl)
end
local out = snapshot(room)
table.insert(out, 1, 'ok')
return out
