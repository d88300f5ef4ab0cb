-- Compare-and-remove: ARGV = prefix, node, domain, conn.
release(ARGV[3], ARGV[2], ARGV[4])
return {}
