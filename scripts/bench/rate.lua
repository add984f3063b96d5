-- wrk pacing: each connection waits DELAY_MS between requests, so -c1 gives roughly 1000/DELAY_MS req/s
local delay_ms = tonumber(os.getenv("DELAY_MS") or "1")
function delay()
  return delay_ms
end
