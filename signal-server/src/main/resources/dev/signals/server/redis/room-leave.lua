-- Leave: ARGV = prefix, sessions (room-lib.lua), node, client, room. Answers {1} if client was
-- there, else {0}.
local node, client, room = ARGV[3], ARGV[4], ARGV[5]
if remove_member(room, client, node, node) then
  return {1}
end
return {0}
