-- The indexes that find sessions nobody serves (docs/cluster.md "Resumable sessions"), each
-- script touching one key: KEYS[1] = P node-sessions:<node> (SET of addresses a node is home to)
-- or P session-orphans (ZSET address -> when its hold ends, ms). ARGV[1] = operation:
--   add <address> <ttl>           a node became home to a session
--   remove <address>              it no longer is
--   touch <ttl>                   the node lives: its set lives on
--   page <count>                  up to count addresses of the node's set
--   orphan <address> <until>      a dead node's session waits here until its hold ends
--   unorphan <address>            the orphan ended or was resumed
--   due <count>                   orphans whose hold has ended, oldest first
local K, op = KEYS[1], ARGV[1]
if op == 'add' then
  redis.call('SADD', K, ARGV[2])
  redis.call('PEXPIRE', K, tonumber(ARGV[3]))
  return {1}
elseif op == 'remove' then
  return {redis.call('SREM', K, ARGV[2])}
elseif op == 'touch' then
  return {redis.call('PEXPIRE', K, tonumber(ARGV[2]))}
elseif op == 'page' then
  return redis.call('SRANDMEMBER', K, tonumber(ARGV[2]))
elseif op == 'orphan' then
  redis.call('ZADD', K, tonumber(ARGV[3]), ARGV[2])
  redis.call('PEXPIRE', K, tonumber(ARGV[4]))
  return {1}
elseif op == 'unorphan' then
  return {redis.call('ZREM', K, ARGV[2])}
elseif op == 'due' then
  local t = redis.call('TIME')
  local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  return redis.call('ZRANGEBYSCORE', K, '-inf', now, 'LIMIT', 0, tonumber(ARGV[2]))
end
return redis.error_reply('unknown session-index operation')
