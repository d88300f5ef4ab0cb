-- The window of a domain holder's session nobody serves has lapsed (docs/cluster.md "Resumable
-- sessions"): ARGV = prefix, domain, conn. Removes the domain if conn, on whichever node, still
-- holds it: the ordinary release, once. Answers {1} or {0}.
local domain, conn = ARGV[2], ARGV[3]
local holder = redis.call('GET', domain_key(domain))
if not holder then
  return {0}
end
local owner, held = split_holder(holder)
if held ~= conn then
  return {0}
end
release(domain, owner, conn)
return {1}
