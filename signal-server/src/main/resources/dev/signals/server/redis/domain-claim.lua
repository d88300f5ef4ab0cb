-- Registration, last one wins across nodes: ARGV = prefix, node, domain, conn, ttl ms.
claim(ARGV[3], ARGV[2], ARGV[4], tonumber(ARGV[5]))
return {}
