-- The session's socket is lost: ARGV = node, conn ('' = whichever), window ms, ttl ms.
-- Held until now + window, if node is still its home and conn its socket. Answers {held until} or {0}.
if redis.call('EXISTS', S) == 0 then
  return {0}
end
local f = redis.call('HMGET', S, 'home', 'conn')
if f[1] ~= ARGV[1] or (ARGV[2] ~= '' and f[2] ~= ARGV[2]) then
  return {0}
end
local until_ms = now_ms() + tonumber(ARGV[3])
redis.call('HSET', S, 'conn', '', 'held', until_ms)
touch(tonumber(ARGV[4]) + tonumber(ARGV[3]))
return {until_ms}
