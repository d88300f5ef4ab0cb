-- Keeps the TTLs of a live node's domains fresh: ARGV = prefix, node, ttl ms.
local node, ttl = ARGV[2], tonumber(ARGV[3])
local nd = node_domains_key(node)
local held = redis.call('HGETALL', nd)
for i = 1, #held, 2 do
  local key = domain_key(held[i])
  if redis.call('GET', key) == node .. ' ' .. held[i + 1] then
    redis.call('PEXPIRE', key, ttl)
  end
end
redis.call('PEXPIRE', nd, ttl)
return {}
