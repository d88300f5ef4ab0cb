-- A frame for whoever holds a domain: ARGV = prefix, this node, domain, payload.
-- Publishes 'domain ' .. payload to the holder's node. Answers {'sent'}, {'absent'} (no holder,
-- or its node no longer listens) or {'here'} (this node holds it: nothing to send).
local node, domain, payload = ARGV[2], ARGV[3], ARGV[4]
local holder = redis.call('GET', domain_key(domain))
if not holder then
  return {'absent'}
end
local owner = split_holder(holder)
if owner == node then
  return {'here'}
end
if redis.call('PUBLISH', P .. 'node:' .. owner, 'domain ' .. payload) > 0 then
  return {'sent'}
end
return {'absent'}
