-- The window of a session member nobody serves has lapsed (docs/cluster.md "Resumable sessions"):
-- ARGV = prefix, sessions (room-lib.lua), client, room. Takes it out of room, whichever node Redis
-- has it on, and tells every node holding members there: the ordinary leave, once. Answers {1} if
-- it was there, else {0}.
local client, room = ARGV[3], ARGV[4]
local owner = redis.call('HGET', nodes_key(room), client)
if owner and remove_member(room, client, owner, '') then
  return {1}
end
return {0}
