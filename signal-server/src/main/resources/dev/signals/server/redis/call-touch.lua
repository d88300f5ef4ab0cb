-- Keeps the TTLs of a live node's call state fresh: ARGV = prefix, node, ttl ms.
local node, ttl = ARGV[2], tonumber(ARGV[3])
local key = node_calls_key(node)
local seen = {}
for _, field in ipairs(redis.call('HKEYS', key)) do
  local call = string.match(field, '^%S+ (.*)$')
  if call and not seen[call] then
    seen[call] = true
    redis.call('PEXPIRE', live_key(call), ttl)
  end
end
redis.call('PEXPIRE', key, ttl)
return {}
