/**
 * The Lua scripts behind `RedisHostBudget`. Each runs atomically in Redis, so every process on
 * every machine sees one budget per host. Keys per host (the `{host}` hash tag keeps them on one
 * Redis Cluster slot):
 *   <prefix>:{host}:leases  sorted set, lease id → expiry (ms): requests in flight
 *   <prefix>:{host}:starts  sorted set, lease id → start slot (ms): recent starts, for windows
 *   <prefix>:{host}:state   hash: lastSlot, pausedUntil, and host limits learned at run time
 *                           (concurrency, minIntervalMs, windowCount, windowMs)
 */

/**
 * Takes a slot or says how long to wait. ARGV: now, leaseId, leaseMs, concurrency, minIntervalMs,
 * windowCount (0 = none), windowMs. Returns {1, 0} when granted; {0, waitMs} when the rate or a
 * pause holds the start back; {0, -1} when all slots are taken (wait for a release).
 * The host's stored limits are merged in, the stricter value winning (as `mergeLimits` does).
 * Slots follow a grid, like the in-process budget, so late pollers do not lower the rate; a late
 * start lets the next one catch up at most half an interval.
 */
export const acquireScript = `
local now = tonumber(ARGV[1])
local leaseMs = tonumber(ARGV[3])
local st = redis.call('HMGET', KEYS[3], 'lastSlot', 'pausedUntil', 'concurrency', 'minIntervalMs', 'windowCount', 'windowMs')
local lastSlot = tonumber(st[1])
local paused = tonumber(st[2]) or 0
local concurrency = tonumber(ARGV[4])
if st[3] then concurrency = math.min(concurrency, tonumber(st[3])) end
concurrency = math.max(1, concurrency)
local minInterval = math.max(tonumber(ARGV[5]), tonumber(st[4]) or 0)
local wc, wms = tonumber(ARGV[6]), tonumber(ARGV[7])
local hc, hms = tonumber(st[5]) or 0, tonumber(st[6]) or 0
if hc > 0 and (wc == 0 or hms / hc > wms / wc) then wc, wms = hc, hms end

redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= concurrency then return {0, -1} end

local slot = math.max(now, paused)
if lastSlot then slot = math.max(slot, lastSlot + minInterval) end
if wc > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - wms)
  local n = redis.call('ZCARD', KEYS[2])
  if n >= wc then
    local oldest = redis.call('ZRANGE', KEYS[2], n - wc, n - wc, 'WITHSCORES')
    slot = math.max(slot, tonumber(oldest[2]) + wms)
  end
end
if slot > now then return {0, math.ceil(slot - now)} end

local ideal = paused
if lastSlot then ideal = math.max(ideal, lastSlot + minInterval) end
local granted = math.max(ideal, now - minInterval / 2)
redis.call('HSET', KEYS[3], 'lastSlot', granted)
redis.call('ZADD', KEYS[1], now + leaseMs, ARGV[2])
redis.call('PEXPIRE', KEYS[1], leaseMs * 2)
if wc > 0 then
  redis.call('ZADD', KEYS[2], granted, ARGV[2])
  redis.call('PEXPIRE', KEYS[2], wms * 2)
end
redis.call('PEXPIRE', KEYS[3], 86400000)
return {1, 0}
`;

/** Extends a lease still held. ARGV: expiry, leaseId, key lifetime (ms). */
export const renewScript = `
local changed = redis.call('ZADD', KEYS[1], 'XX', 'CH', ARGV[1], ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return changed
`;

/** Frees a slot and tells waiting processes at once. ARGV: leaseId, channel, host. */
export const releaseScript = `
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('PUBLISH', ARGV[2], ARGV[3])
return 1
`;

/** Pauses the host until ARGV[1] (ms), keeping a later pause already set. */
export const pauseScript = `
local untilMs = tonumber(ARGV[1])
local current = tonumber(redis.call('HGET', KEYS[1], 'pausedUntil')) or 0
if untilMs > current then redis.call('HSET', KEYS[1], 'pausedUntil', untilMs) end
redis.call('PEXPIRE', KEYS[1], 86400000)
return 1
`;

/** Replaces the host's learned limits. ARGV: concurrency, minIntervalMs, windowCount, windowMs ('' = unset). */
export const setLimitsScript = `
redis.call('HDEL', KEYS[1], 'concurrency', 'minIntervalMs', 'windowCount', 'windowMs')
local names = {'concurrency', 'minIntervalMs', 'windowCount', 'windowMs'}
for i, name in ipairs(names) do
  if ARGV[i] ~= '' then redis.call('HSET', KEYS[1], name, ARGV[i]) end
end
redis.call('PEXPIRE', KEYS[1], 86400000)
return 1
`;
