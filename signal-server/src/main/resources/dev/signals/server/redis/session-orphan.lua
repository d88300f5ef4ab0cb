-- A dead (or stopped) node's session is held for the window from now (docs/cluster.md
-- "Resumable sessions"): ARGV = dead node, window ms, ttl ms. Answers {held until} or {0} when it
-- is another node's by now.
if redis.call('HGET', S, 'home') ~= ARGV[1] then
  return {0}
end
local held = tonumber(redis.call('HGET', S, 'held'))
if redis.call('HGET', S, 'conn') ~= '' or held == 0 then
  held = now_ms() + tonumber(ARGV[2])
  redis.call('HSET', S, 'conn', '', 'held', held)
end
touch(tonumber(ARGV[3]) + tonumber(ARGV[2]))
return {held}
