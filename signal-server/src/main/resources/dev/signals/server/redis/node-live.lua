-- The nodes holding a lease now: ARGV = prefix; KEYS[1] = P nodes. On a Redis Cluster the leases
-- live in their own slot ({nodes}), which the dialects' scripts may not read, so a node asks here
-- and passes the answer on (docs/cluster.md "Redis Cluster").
local P = ARGV[1]
local out = {}
for _, node in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  if redis.call('EXISTS', P .. 'node-lease:' .. node) == 1 then
    out[#out + 1] = node
  end
end
return out
