-- Claims the end of a held session whose window lapsed, so its leave runs once: ARGV = node that
-- claims, home it expects ('' = whichever), claim ms (how long before another node may retry).
-- Answers {'gone'}, {'live'} (attached, or moved to another home), {'wait', ms left},
-- {'busy'} (another node is ending it) or {'expired', dialect, state}.
if redis.call('EXISTS', S) == 0 then
  return {'gone'}
end
local f = redis.call('HMGET', S, 'home', 'conn', 'held', 'over', 'ending', 'dialect', 'state')
if f[2] ~= '' or (ARGV[2] ~= '' and f[1] ~= ARGV[2]) then
  return {'live'}
end
local now = now_ms()
if f[5] and tonumber(f[5]) > now then
  return {'busy'}
end
if not f[4] and tonumber(f[3]) > now then
  return {'wait', tonumber(f[3]) - now}
end
redis.call('HSET', S, 'ending', now + tonumber(ARGV[3]))
return {'expired', f[6], f[7]}
