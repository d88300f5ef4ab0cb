-- The client has every frame up to ARGV[1]; they leave the log. ARGV[2] = ttl ms. Answers {acked}.
if redis.call('EXISTS', S) == 0 then
  return {0}
end
local f = redis.call('HMGET', S, 'issued', 'acked', 'bytes')
local upto = math.min(tonumber(ARGV[1]), tonumber(f[1]))
local acked, bytes = tonumber(f[2]), tonumber(f[3])
while acked < upto do
  local wire = redis.call('LPOP', LOG)
  if not wire then
    break
  end
  bytes = bytes - #wire
  acked = acked + 1
end
redis.call('HSET', S, 'acked', acked, 'bytes', bytes)
touch(tonumber(ARGV[2]))
return {acked}
