-- A session member resumed on this node (docs/cluster.md "Resumable sessions"): ARGV = prefix,
-- node, client, room, ttl ms. Moves the member to this node in place (same room, same place in
-- it, nobody sees it leave or join) and tells the room's nodes and its previous node where it is
-- now (["h",room,client,node]). Answers {'ok', id1, node1, ...} or {'gone'} when it is not in room.
local node, client, room, ttl = ARGV[3], ARGV[4], ARGV[5], tonumber(ARGV[6])
local nk = nodes_key(room)
local owner = redis.call('HGET', nk, client)
if not owner then
  return {'gone'}
end
if owner ~= node then
  local payload = cjson.encode({'h', room, client, node})
  redis.call('HSET', nk, client, node)
  if redis.call('HGET', node_rooms_key(owner), client) == room then
    redis.call('HDEL', node_rooms_key(owner), client)
  end
  redis.call('HSET', node_rooms_key(node), client, room)
  redis.call('PEXPIRE', node_rooms_key(node), ttl)
  redis.call('PEXPIRE', members_key(room), ttl)
  redis.call('PEXPIRE', nk, ttl)
  fanout(room, payload, node)
  redis.call(PUBLISH, P .. 'node:' .. owner, 'room ' .. payload)
end
local out = snapshot(room)
table.insert(out, 1, 'ok')
return out
