-- Opens a shared session: ARGV = secret, dialect, path, subject ('' without auth), home node, conn,
-- state, ttl ms. A session of the same address left over from an earlier process is replaced.
redis.call('DEL', S, LOG, INBOX)
redis.call('HSET', S, 'secret', ARGV[1], 'dialect', ARGV[2], 'path', ARGV[3], 'subject', ARGV[4],
  'home', ARGV[5], 'conn', ARGV[6], 'held', 0, 'issued', 0, 'acked', 0, 'bytes', 0, 'cseq', 0, 'state', ARGV[7])
redis.call('PEXPIRE', S, tonumber(ARGV[8]))
return {1}
