-- Numbers and logs one frame for the session (docs/resume.md#wire): ARGV = frame, most frames,
-- most bytes, ttl ms, channel prefix (P .. 'node:'), address. The one place a clustered session's
-- seq is issued, so frames from every node get one order. Answers {seq}, {0} (no such session:
-- the caller reports the target unknown) or {-1} (the log is full: the session ends, its home is told).
if redis.call('EXISTS', S) == 0 then
  return {0}
end
local f = redis.call('HMGET', S, 'issued', 'bytes', 'home', 'over', 'ending')
if f[4] or f[5] then
  return {-1}
end
local seq = tonumber(f[1]) + 1
local wire = '{"seq":' .. seq .. ',"msg":' .. ARGV[1] .. '}'
local bytes = tonumber(f[2]) + #wire
if redis.call('LLEN', LOG) >= tonumber(ARGV[2]) or bytes > tonumber(ARGV[3]) then
  redis.call('HSET', S, 'over', 1)
  redis.call('PUBLISH', ARGV[5] .. f[3], 'session o ' .. ARGV[6])
  return {-1}
end
redis.call('RPUSH', LOG, wire)
redis.call('HSET', S, 'issued', seq, 'bytes', bytes)
touch(tonumber(ARGV[4]))
redis.call('PUBLISH', ARGV[5] .. f[3], 'session f ' .. ARGV[6] .. ' ' .. seq .. ' ' .. wire)
return {seq}
