-- A frame for a room member on another node (docs/cluster.md "Resumable sessions"): ARGV = the
-- node's channel, the backplane message, the frame, most frames, most bytes, ttl ms, channel
-- prefix, address. Published to the node; if nobody listens there (the node is gone) and the
-- target has a session, numbered into its log instead, in the same step, so a sender's frames
-- keep their order whether they went to a node or to a log. Answers {receivers}, {0} (lost) or
-- {-seq} (logged).
local receivers = redis.call('PUBLISH', ARGV[1], ARGV[2])
if receivers > 0 then
  return {receivers}
end
local seq = append(ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]), ARGV[7], ARGV[8])
return {seq > 0 and -seq or 0}
