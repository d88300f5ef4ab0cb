-- Whether a node holds a lease (docs/cluster.md): prepended to the scripts that re-sync.
-- `live` is a JSON array of the live nodes the caller read, on a Redis Cluster, where the leases
-- are in another slot ({nodes}) that a script may not read (docs/cluster.md "Redis Cluster"); ''
-- to read the lease P node-lease:<node> itself.
local function lease_check(P, live)
  if live == '' then
    return function(node) return redis.call('EXISTS', P .. 'node-lease:' .. node) == 1 end
  end
  local set = {}
  for _, node in ipairs(cjson.decode(live)) do
    set[node] = true
  end
  return function(node) return set[node] == true end
end
