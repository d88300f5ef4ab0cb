-- A client frame's cseq recorded in the same script as that frame's effect (docs/cluster.md
-- "Resumable sessions"), so a node that dies cannot have stored the one without the other. When
-- the script's arguments from `at` are 'cseq', cseq, ttl ms (session-note's), KEYS[first..first+2]
-- (first: 4 unless given; a domain script's are 3..5) are the sender's session hash, log and inbox:
-- another hash slot than the script's other keys, which one Redis and Sentinel allow; sessions are
-- not supported on Redis Cluster (docs/cluster.md "Redis Cluster").
-- A cseq only ever grows; a sender whose session is gone records nothing.
local function note_cseq(at, first)
  first = first or 4
  if ARGV[at] ~= 'cseq' or redis.call('EXISTS', KEYS[first]) == 0 then
    return
  end
  if tonumber(redis.call('HGET', KEYS[first], 'cseq') or 0) >= tonumber(ARGV[at + 1]) then
    return
  end
  redis.call('HSET', KEYS[first], 'cseq', ARGV[at + 1])
  for i = first, first + 2 do
    redis.call('PEXPIRE', KEYS[i], tonumber(ARGV[at + 2]))
  end
end
