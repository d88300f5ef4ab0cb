-- A resume (docs/resume.md#resume), decided and applied at once: ARGV = secret, dialect, path,
-- subject, last_seq, node, conn, channel prefix, address, ttl ms, most frames, most bytes.
-- Answers {'expired'|'forbidden'|'invalid'}, or {'ok', issued, cseq, state, previous home,
-- frames after last_seq...}; the previous home, when another node, is told to let go ('k').
if redis.call('EXISTS', S) == 0 then
  return {'expired'}
end
local f = redis.call('HMGET', S, 'secret', 'dialect', 'path', 'subject', 'issued', 'acked', 'cseq',
  'state', 'home', 'over', 'ending')
if f[1] ~= ARGV[1] or f[2] ~= ARGV[2] or f[3] ~= ARGV[3] or f[10] or f[11] then
  return {'expired'}
end
if f[4] ~= ARGV[4] then
  return {'forbidden'}
end
local last, issued, acked = tonumber(ARGV[5]), tonumber(f[5]), tonumber(f[6])
if last > issued then
  return {'invalid'}
end
if last < acked then
  return {'expired'}
end
-- Frames a dead home never numbered are numbered now, to the old home, ahead of the replay.
local ttl = tonumber(ARGV[10])
if drain_dead(tonumber(ARGV[11]), tonumber(ARGV[12]), ttl, ARGV[8], ARGV[9]) < 0 then
  return {'expired'}
end
issued = tonumber(redis.call('HGET', S, 'issued'))
if f[9] ~= ARGV[6] then
  redis.call(PUBLISH, ARGV[8] .. f[9], 'session k ' .. ARGV[9])
end
redis.call('HSET', S, 'home', ARGV[6], 'conn', ARGV[7], 'held', 0)
touch(ttl)
local out = {'ok', issued, f[7], f[8], f[9]}
for _, wire in ipairs(redis.call('LRANGE', LOG, last - acked, -1)) do
  out[#out + 1] = wire
end
return out
