-- wrk script of scripts/bench-hub: every request POSTs a distinct valid invoice to
-- /v1/documents as one participant.
--   wrk ... -s scripts/bench-hub.lua URL -- TOKEN RUN INVOICE
-- TOKEN is the participant's bearer token, RUN a tag that keeps the invoice numbers of this run
-- apart from every other run's (LD-RUN-THREAD-COUNTER), INVOICE the example invoice, whose
-- number is replaced. The last line printed is machine-readable (bench-hub-result ...).

local threads = {}
local counter = 0
local parts = nil
local run = "0"

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

local function split(text, marker)
  local at = string.find(text, marker, 1, true)
  if at == nil then error("marker not found: " .. marker) end
  return string.sub(text, 1, at - 1), string.sub(text, at + #marker)
end

function init(args)
  local token = args[1]
  run = args[2]
  local file = assert(io.open(args[3], "rb"))
  local text = file:read("*a")
  file:close()
  local a, rest = split(text, "KB-2026-0117</cbc:ID>")
  local b, c = split(rest, "KB-2026-0117</cbc:PaymentID>")
  parts = { a, "</cbc:ID>" .. b, "</cbc:PaymentID>" .. c }
  wrk.method = "POST"
  wrk.headers["Authorization"] = "Bearer " .. token
  wrk.headers["Content-Type"] = "application/xml"
end

function request()
  counter = counter + 1
  local number = string.format("LD-%s-%d-%d", run, tid, counter)
  return wrk.format(nil, nil, nil, parts[1] .. number .. parts[2] .. number .. parts[3])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "bench-hub-result requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d "
      .. "non2xx=%d connect_errors=%d read_errors=%d write_errors=%d timeouts=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, e.status, e.connect, e.read, e.write, e.timeout))
end
