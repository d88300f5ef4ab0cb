-- Records what a resume on another node needs (docs/resume.md#wire): ARGV = field ('cseq' or
-- 'state'), value, ttl ms. A cseq only ever grows.
if redis.call('EXISTS', S) == 0 then
  return {0}
end
if ARGV[1] == 'cseq' and tonumber(redis.call('HGET', S, 'cseq')) >= tonumber(ARGV[2]) then
  return {0}
end
redis.call('HSET', S, ARGV[1], ARGV[2])
touch(tonumber(ARGV[3]))
return {1}
