-- Forgets a node whose state has been reaped: ARGV = prefix, node. Unless its lease is back.
local P, node = ARGV[1], ARGV[2]
if redis.call('EXISTS', P .. 'node-lease:' .. node) == 0 then
  redis.call('ZREM', P .. 'nodes', node)
  return {1}
end
return {0}
