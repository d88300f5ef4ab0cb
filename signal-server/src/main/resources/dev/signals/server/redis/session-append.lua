-- Numbers and logs one frame for the session: ARGV = frame, most frames, most bytes, ttl ms,
-- channel prefix (P .. 'node:'), address. Answers {seq}, {0} (no such session: the caller reports
-- the target unknown) or {-1} (the log is full: the session ends, its home is told). ARGV[7..9],
-- when given, record the sender's cseq with it (session-cseq-lib.lua).
note_cseq(7)
return {append(ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5], ARGV[6])}
