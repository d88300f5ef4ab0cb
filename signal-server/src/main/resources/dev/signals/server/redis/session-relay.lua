-- A frame for a room member on another node (docs/cluster.md "Resumable sessions"): ARGV = the
-- node's channel, the backplane message, the frame, most frames, most bytes, ttl ms, channel
-- prefix, address. Published to the node; if nobody listens there (the node is gone) and the
-- target has a session, numbered into its log instead, in the same step, so a sender's frames
-- keep their order whether they went to a node or to a log. Answers {receivers}, {0} (lost) or
-- {-seq} (logged).
local receivers = redis.call('PUBLISH', ARGV[1], ARGV[2])
if receivers > 0 or redis.call('EXISTS', S) == 0 then
  return {receivers}
end
local f = redis.call('HMGET', S, 'issued', 'bytes', 'home', 'over', 'ending')
if f[4] or f[5] then
  return {0}
end
local seq = tonumber(f[1]) + 1
local wire = '{"seq":' .. seq .. ',"msg":' .. ARGV[3] .. '}'
local bytes = tonumber(f[2]) + #wire
if redis.call('LLEN', LOG) >= tonumber(ARGV[4]) or bytes > tonumber(ARGV[5]) then
  redis.call('HSET', S, 'over', 1)
  redis.call('PUBLISH', ARGV[7] .. f[3], 'session o ' .. ARGV[8])
  return {0}
end
redis.call('RPUSH', LOG, wire)
redis.call('HSET', S, 'issued', seq, 'bytes', bytes)
touch(tonumber(ARGV[6]))
redis.call('PUBLISH', ARGV[7] .. f[3], 'session f ' .. ARGV[8] .. ' ' .. seq .. ' ' .. wire)
return {-seq}
