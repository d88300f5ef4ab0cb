-- Gives up a node's lease: ARGV = prefix, node, incarnation ('' = whichever holds it).
-- A node stopping gracefully releases its own; a node starting releases whatever an earlier
-- process with the same node id left behind. Answers {incarnation that held it or ''}.
local P, node, inc = ARGV[1], ARGV[2], ARGV[3]
local key = P .. 'node-lease:' .. node
local held = redis.call('GET', key)
if held and (inc == '' or held == inc) then
  redis.call('DEL', key)
  return {held}
end
return {''}
