-- Helpers shared by the domain scripts (docs/domain.md, docs/cluster.md); prepended to each.
-- Key layout under the prefix P (ARGV[1]; on a Redis Cluster it ends in the tag of the domain's slot,
-- so a node's index and channel exist once per slot: KeySlots), see docs/cluster.md:
--   domain:<domain>        STRING  '<node> <conn>': the node and connection holding the domain
--   node-domains:<node>    HASH    domain -> conn, every domain a node holds (for re-sync and reaping)
-- A holder displaced by a socket on another node is told on its node's channel
-- P .. 'node:' .. node as 'domain ' .. ["c",domain,conn] (DomainBusCodec reads it).
-- A holder may be a resumable session's socket, shared under its conn as P session:{<conn>}
-- (session-lib.lua, prepended before this file; docs/cluster.md "Resumable sessions"): while that
-- session exists the domain stays registered, and frames for it wait in the session's inbox.
local P = ARGV[1]

local function domain_key(domain) return P .. 'domain:' .. domain end
local function node_domains_key(node) return P .. 'node-domains:' .. node end
local function lease_key(node) return P .. 'node-lease:' .. node end

-- The node and connection of a holder value '<node> <conn>' (node ids may contain spaces).
local function split_holder(holder)
  return string.match(holder, '^(.*) (%S+)$')
end

local function has_session(conn)
  return redis.call('EXISTS', P .. 'session:{' .. conn .. '}') == 1
end

-- Makes (node, conn) the holder of domain; a holder on another node is told to close.
local function claim(domain, node, conn, ttl)
  local key = domain_key(domain)
  local mine = node .. ' ' .. conn
  local previous = redis.call('GET', key)
  redis.call('SET', key, mine, 'PX', ttl)
  local nd = node_domains_key(node)
  redis.call('HSET', nd, domain, conn)
  redis.call('PEXPIRE', nd, ttl)
  if previous and previous ~= mine then
    local other, other_conn = split_holder(previous)
    if other and other ~= node then
      local od = node_domains_key(other)
      if redis.call('HGET', od, domain) == other_conn then
        redis.call('HDEL', od, domain)
      end
      redis.call(PUBLISH, P .. 'node:' .. other, 'domain ' .. cjson.encode({'c', domain, other_conn}))
    end
  end
end

-- Removes domain if (node, conn) holds it; forgets it in the node's list either way.
local function release(domain, node, conn)
  local key = domain_key(domain)
  if redis.call('GET', key) == node .. ' ' .. conn then
    redis.call('DEL', key)
  end
  local nd = node_domains_key(node)
  if redis.call('HGET', nd, domain) == conn then
    redis.call('HDEL', nd, domain)
  end
end
