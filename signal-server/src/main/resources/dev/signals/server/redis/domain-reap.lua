-- Reaping a dead node (docs/cluster.md): ARGV = prefix, dead node, batch size.
-- Unless the node's lease is back, frees up to one batch of the domains it held (those still
-- naming it); a domain whose holder's resumable session exists stays registered, the session
-- decides when it is released (docs/cluster.md "Resumable sessions"). Answers {freed, remaining}, or {-1, 0} when the node is alive again.
-- On a Redis Cluster the lease is in another slot ({nodes}), so the key read here never exists and
-- the caller checks the lease before each batch (docs/cluster.md "Redis Cluster").
local dead, batch = ARGV[2], tonumber(ARGV[3])
if redis.call('EXISTS', lease_key(dead)) == 1 then
  return {-1, 0}
end
local nd = node_domains_key(dead)
local page = redis.call('HSCAN', nd, 0, 'COUNT', batch)[2]
local freed = 0
for i = 1, #page, 2 do
  local key = domain_key(page[i])
  if not has_session(page[i + 1]) and redis.call('GET', key) == dead .. ' ' .. page[i + 1] then
    redis.call('DEL', key)
    freed = freed + 1
  end
  redis.call('HDEL', nd, page[i])
end
return {freed, redis.call('HLEN', nd)}
