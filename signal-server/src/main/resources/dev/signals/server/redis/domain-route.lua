-- A frame for whoever holds a domain: ARGV = prefix, this node, domain, payload, then with
-- resumable sessions on the frame itself, most frames, most bytes, session ttl ms ('' when off).
-- Publishes 'domain ' .. payload to the holder's node; if the holder is a session's socket, the
-- frame waits in its inbox in the same step, and is numbered at once when that node no longer
-- listens (docs/cluster.md "Resumable sessions"). Answers {'sent'} (or logged for the session),
-- {'absent'} (no holder, or its node no longer listens) or {'here'} (this node holds it).
-- ARGV[9..11], when given, record the sending socket's cseq whatever the answer, KEYS[3..5] being
-- its session's keys (session-cseq-lib.lua): the frame's effect and its cseq go in one step.
note_cseq(9, 3)
local node, domain, payload = ARGV[2], ARGV[3], ARGV[4]
local holder = redis.call('GET', domain_key(domain))
if not holder then
  return {'absent'}
end
local owner, conn = split_holder(holder)
if owner == node then
  return {'here'}
end
local channel = P .. 'node:' .. owner
local kept = false
local most_frames, most_bytes, ttl = tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])
if ARGV[5] and ARGV[5] ~= '' and use_session(P, conn) then
  kept = pend(channel, ARGV[5], most_frames, most_bytes, P .. 'node:', conn)
end
if settle(redis.call(PUBLISH, channel, 'domain ' .. payload), kept, most_frames, most_bytes, ttl,
    P .. 'node:', conn) ~= 0 then
  return {'sent'}
end
return {'absent'}
