-- wrk script for bench/load.py: each wrk thread is one logged-in user (its own session cookie, given as the
-- script's arguments), and at the end one JSON line with the counts and the latency percentiles (microseconds).
local cookies = {}
local threads = {}
local next_user = 1

function setup(thread)
  thread:set("user", next_user)
  next_user = next_user + 1
  table.insert(threads, thread)
end

function init(args)
  local n = #args
  local i = ((user - 1) % n) + 1
  wrk.headers["Cookie"] = args[i]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK-RESULT {"requests": %d, "duration_us": %d, "errors": %d, "status_errors": %d, ' ..
    '"p50": %.1f, "p95": %.1f, "p99": %.1f, "mean": %.1f}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.mean))
end
