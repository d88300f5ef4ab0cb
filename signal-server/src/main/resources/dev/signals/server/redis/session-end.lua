-- Forgets an ended session: ARGV = node that ends it ('' = whichever, after a claim). Answers {1} or {0}.
if ARGV[1] ~= '' and redis.call('HGET', S, 'home') ~= ARGV[1] then
  return {0}
end
return {redis.call('DEL', S, LOG, INBOX) > 0 and 1 or 0}
