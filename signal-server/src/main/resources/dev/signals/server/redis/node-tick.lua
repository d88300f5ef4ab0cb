-- A node's heartbeat (docs/cluster.md): ARGV = prefix, node, incarnation, lease ms, state ttl ms,
-- now ms, most dead nodes to report.
--   node-lease:<node>  the node's incarnation; expires after the lease unless renewed
--   nodes              ZSET node id -> last renewal (ms); how survivors find the dead
-- Renews the lease and answers {previous incarnation or '', dead node ids...}: a previous value
-- other than ours means the lease had lapsed (or another process uses our node id).
local P, node, inc = ARGV[1], ARGV[2], ARGV[3]
local lease, ttl, now, most = tonumber(ARGV[4]), tonumber(ARGV[5]), ARGV[6], tonumber(ARGV[7])
local previous = redis.call('SET', P .. 'node-lease:' .. node, inc, 'PX', lease, 'GET')
local nodes = P .. 'nodes'
redis.call('ZADD', nodes, now, node)
redis.call('PEXPIRE', nodes, ttl)
local out = {previous or ''}
for _, other in ipairs(redis.call('ZRANGE', nodes, 0, -1)) do
  if #out > most then
    break
  end
  if other ~= node and redis.call('EXISTS', P .. 'node-lease:' .. other) == 0 then
    out[#out + 1] = other
  end
end
return out
