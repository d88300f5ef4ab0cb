-- The shared mailbox store's totals, after releasing expired keys' bytes: ARGV = prefix.
-- Answers {total bytes, keys}. Run by every node on each lease renewal for its gauges.
sweep(now_ms(), 1000)
return {total(), redis.call('ZCARD', DEADLINES)}
