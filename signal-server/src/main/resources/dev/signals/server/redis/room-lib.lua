-- Helpers shared by the room scripts (prepended to each; Redis scripts cannot import).
-- Key layout under the prefix P (ARGV[1]; on a Redis Cluster it ends in the tag of the room's slot,
-- so a node's index and channel exist once per slot, and a move between rooms of two slots is
-- two scripts, ordered by the node: KeySlots), see docs/cluster.md:
--   room-members:<room>  ZSET  client id -> join sequence (oldest first)
--   room-nodes:<room>    HASH  client id -> node id serving it
--   node-rooms:<node>    HASH  client id -> room id, every member a node holds (for re-sync and reaping)
--   node-lease:<node>    the node's lease (see node-tick.lua)
-- Changes are announced on each concerned node's channel P .. 'node:' .. node as
-- 'room ' .. ["j",room,client,node] or ["l",room,client] (RoomBusCodec reads them).
-- ARGV[2] is '' with resumable sessions off, else a JSON array of strings: the new-client frame
-- before and after the joiner's id, the leave-client frame before and after the leaver's id (as
-- the room codec writes them; ids are server-made xids, never escaped), most frames, most bytes,
-- session ttl ms. Each script's own arguments follow from ARGV[3].
-- session-lib.lua is prepended before this file: a member's resumable session is shared under its
-- client id as P session:{<client>} (docs/cluster.md "Resumable sessions").
local P = ARGV[1]
local KEEP = nil
if ARGV[2] ~= '' then
  KEEP = cjson.decode(ARGV[2])
  for i = 5, 7 do
    KEEP[i] = tonumber(KEEP[i])
  end
end

local function members_key(room) return P .. 'room-members:' .. room end
local function nodes_key(room) return P .. 'room-nodes:' .. room end
local function node_rooms_key(node) return P .. 'node-rooms:' .. node end
local function lease_key(node) return P .. 'node-lease:' .. node end
-- A member with a shared resumable session outlives its node: the session decides when it leaves
-- (docs/cluster.md "Resumable sessions"), so reaping and re-syncing leave it in its room.
local function has_session(client) return redis.call('EXISTS', P .. 'session:{' .. client .. '}') == 1 end

-- Publishes payload to every node holding a member of room, except the node `except`. With frame
-- (what each such member's socket receives for it: new-client, leave-client) and sessions on, the
-- frame is kept in the inbox of every such member's session on its way, and numbered at once for
-- one whose node no longer listens, exactly as a relay (session-lib.lua pend/settle), so a member
-- whose node died hears it on its resume (docs/cluster.md "Resumable sessions").
local function fanout(room, payload, except, frame)
  local nodes, kept = {}, {}
  local flat = redis.call('HGETALL', nodes_key(room))
  for i = 1, #flat, 2 do
    local client, node = flat[i], flat[i + 1]
    if node ~= except then
      if not kept[node] then
        nodes[#nodes + 1] = node
        kept[node] = {}
      end
      if frame and KEEP and use_session(P, client)
          and pend(P .. 'node:' .. node, frame, KEEP[5], KEEP[6], P .. 'node:', client) then
        table.insert(kept[node], client)
      end
    end
  end
  for _, node in ipairs(nodes) do
    local receivers = redis.call(PUBLISH, P .. 'node:' .. node, 'room ' .. payload)
    for _, client in ipairs(kept[node]) do
      use_session(P, client)
      settle(receivers, true, KEEP[5], KEEP[6], KEEP[7], P .. 'node:', client)
    end
  end
end

-- Takes client (served by node) out of room and tells the room's nodes but `except`.
-- Returns false when Redis did not have client in room on that node.
local function remove_member(room, client, node, except)
  local nk = nodes_key(room)
  if redis.call('HGET', nk, client) ~= node then
    return false
  end
  redis.call('ZREM', members_key(room), client)
  redis.call('HDEL', nk, client)
  local nr = node_rooms_key(node)
  if redis.call('HGET', nr, client) == room then
    redis.call('HDEL', nr, client)
  end
  fanout(room, cjson.encode({'l', room, client}), except, KEEP and (KEEP[3] .. client .. KEEP[4]))
  return true
end

-- Puts client (served by node) at the end of room and tells the room's other nodes.
local function add_member(room, client, node, ttl)
  local mk, nk, nr = members_key(room), nodes_key(room), node_rooms_key(node)
  local last = redis.call('ZRANGE', mk, -1, -1, 'WITHSCORES')
  local seq = 1
  if #last == 2 then
    seq = tonumber(last[2]) + 1
  end
  fanout(room, cjson.encode({'j', room, client, node}), node, KEEP and (KEEP[1] .. client .. KEEP[2]))
  redis.call('ZADD', mk, seq, client)
  redis.call('HSET', nk, client, node)
  redis.call('HSET', nr, client, room)
  redis.call('PEXPIRE', mk, ttl)
  redis.call('PEXPIRE', nk, ttl)
  redis.call('PEXPIRE', nr, ttl)
end

-- Moves client (served by node) into room, out of any room Redis has it in (one room per client).
local function move_member(room, client, node, ttl)
  local held = redis.call('HGET', node_rooms_key(node), client)
  if held then
    remove_member(held, client, node, node)
  end
  add_member(room, client, node, ttl)
end

-- Whether Redis has client in room, served by node.
local function holds(room, client, node)
  return redis.call('HGET', node_rooms_key(node), client) == room
      and redis.call('HGET', nodes_key(room), client) == node
end

-- The members of room oldest first, flattened: id1, node1, id2, node2, ...
local function snapshot(room)
  local nk = nodes_key(room)
  local out = {}
  for _, client in ipairs(redis.call('ZRANGE', members_key(room), 0, -1)) do
    out[#out + 1] = client
    out[#out + 1] = redis.call('HGET', nk, client) or ''
  end
  return out
end
