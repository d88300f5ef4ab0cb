-- A frame for a room member on another node (docs/cluster.md "Resumable sessions"): ARGV = the
-- node's channel, the backplane message, the frame, most frames, most bytes, ttl ms, channel
-- prefix, address. If the target has a session, the frame waits in its inbox until that node
-- numbers it, in the same step as the publish, so a node that dies with it on its way does not
-- lose it; if nobody listens there (the node is gone), it is numbered into the log at once, after
-- any frames the dead node left in the inbox, so a sender's frames keep their order. A target
-- without a session gets the publish alone. Answers {receivers}, {0} (lost) or {-seq} (logged).
-- ARGV[9..11], when given, record the sender's cseq with it (session-cseq-lib.lua).
note_cseq(9)
local most_frames, most_bytes, ttl = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local session = redis.call('EXISTS', S) == 1
if session then
  session = pend(ARGV[1], ARGV[3], most_frames, most_bytes, ARGV[7], ARGV[8])
end
return {settle(redis.call(PUBLISH, ARGV[1], ARGV[2]), session, most_frames, most_bytes, ttl, ARGV[7], ARGV[8])}
