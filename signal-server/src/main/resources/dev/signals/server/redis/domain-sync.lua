-- Re-registration after the link came back (docs/cluster.md).
-- ARGV = prefix, node, ttl ms, live nodes (a JSON array of the nodes holding a lease, on a Redis
-- Cluster where the leases are in another slot; '' to read the leases), then pairs (domain, conn)
-- this node's sockets hold.
-- Removes this node's other entries, claims each live domain again unless another node with a
-- lease holds it now (it registered while this node was away: it is the newer), and answers
-- those lost domains.
local node, ttl = ARGV[2], tonumber(ARGV[3])
local alive = lease_check(P, ARGV[4])
local live = {}
for i = 5, #ARGV, 2 do
  live[ARGV[i]] = ARGV[i + 1]
end
local nd = node_domains_key(node)
local held = redis.call('HGETALL', nd)
for i = 1, #held, 2 do
  if live[held[i]] ~= held[i + 1] then
    release(held[i], node, held[i + 1])
  end
end
local lost = {}
for i = 5, #ARGV, 2 do
  local domain, conn = ARGV[i], ARGV[i + 1]
  local holder = redis.call('GET', domain_key(domain))
  local owner = holder and split_holder(holder)
  if owner and owner ~= node and alive(owner) then
    lost[#lost + 1] = domain
  else
    claim(domain, node, conn, ttl)
  end
end
return lost
