-- Test probe (CallEventTemplatesTest): ARGV = prefix, kept frames (call-lib.lua templates_at),
-- call, kind. Answers the frame relay_for would keep, or nil.
local relay = relay_for(templates_at(2), ARGV[3], ARGV[4])
if relay then
  return relay[1]
end
return nil
