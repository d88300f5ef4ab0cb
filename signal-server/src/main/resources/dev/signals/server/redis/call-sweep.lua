-- Socketless sessions whose seat lapsed are gone (docs/call.md LEAVE): ARGV = prefix,
-- seat timeout ms, batch size, leave events ('1' | '0'), kept frames (call-lib.lua templates_at).
-- Any node may run it; answers {ended}.
local timeout, batch, leave = tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4] == '1'
local templates = templates_at(5)
local now = now_ms()
local ended = 0
for _, member in ipairs(redis.call('ZRANGEBYSCORE', ORPHANS, '-inf', now, 'LIMIT', 0, batch)) do
  local session, call = string.match(member, '^(%S+) (.*)$')
  redis.call('ZREM', ORPHANS, member)
  if session and redis.call('HGET', live_key(call), session) == SOCKETLESS then
    prune(call, now, timeout)
    local stamp = redis.call('ZSCORE', seats_key(call), session)
    if stamp then
      redis.call('ZADD', ORPHANS, tonumber(stamp) + timeout, member)
    else
      gone(call, session, leave, relay_for(templates, call, 'LEAVE'))
      ended = ended + 1
    end
  end
end
return {ended}
