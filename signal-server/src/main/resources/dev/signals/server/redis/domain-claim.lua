-- Registration, last one wins across nodes: ARGV = prefix, node, domain, conn, ttl ms, restored
-- ('1' when the socket is a resumable session's restored on this node: it takes the domain back
-- only if conn, on whichever node, still holds it, docs/cluster.md "Resumable sessions").
-- Answers {1}, or {0} when a restored socket's domain was taken meanwhile.
if ARGV[6] == '1' then
  local holder = redis.call('GET', domain_key(ARGV[3]))
  local _, conn = nil, nil
  if holder then
    _, conn = split_holder(holder)
  end
  if conn ~= ARGV[4] then
    return {0}
  end
end
claim(ARGV[3], ARGV[2], ARGV[4], tonumber(ARGV[5]))
return {1}
