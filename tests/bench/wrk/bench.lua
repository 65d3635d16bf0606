-- The one wrk script of the benchmark: every endpoint is a request file that
-- tests/bench/loadgen.py writes, named after `--` on wrk's command line:
--
--   wrk ... -s bench.lua URL -- FILE MODE THREADS
--
-- FILE holds lines separated by tabs:
--   H <name> <value>                 a header sent with every request
--   R <method> <path> [<body>]       a request (the body is one line of JSON)
-- THREADS is wrk's -t. MODE says how the requests are used:
--   random  each request picks one of the R lines at random (reads over many ids)
--   once    each R line is sent once at most, the threads taking turns (writes
--           that consume their target, e.g. a hazard transition); a thread that
--           runs out stops, and done() reports it as "exhausted" so that the
--           harness fails instead of printing a rate that was never reached.
--
-- done() prints one line "BENCH_RESULT {json}" with the counts, the errors and the
-- latency percentiles (microseconds) that loadgen.py reads.

local threads = {}
local thread_count = 0

function setup(thread)
   thread:set("tid", thread_count)
   thread_count = thread_count + 1
   table.insert(threads, thread)
end

local function split_tabs(line)
   local fields = {}
   for field in (line .. "\t"):gmatch("([^\t]*)\t") do
      table.insert(fields, field)
   end
   return fields
end

function init(args)
   local file, mode = args[1], args[2]
   threads_total = tonumber(args[3])
   sent = 0
   headers, lines = {}, {}
   for line in io.lines(file) do
      local f = split_tabs(line)
      if f[1] == "H" then
         headers[f[2]] = f[3]
      elseif f[1] == "R" then
         local body = f[4]
         if body == "" then body = nil end
         table.insert(lines, {f[2], f[3], body})
      end
   end
   assert(#lines > 0, "no requests in " .. file)
   once = mode == "once"
   -- Each thread its own random sequence; wrk seeds nothing itself.
   math.randomseed(os.time() * 100 + tid)
   if not once then
      -- Built once: wrk.format is cheap, but not free at 10,000 requests a second.
      formatted = {}
      for i, r in ipairs(lines) do
         formatted[i] = wrk.format(r[1], r[2], headers, r[3])
      end
   end
   -- In "once" mode thread t sends lines t+1, t+1+n, t+1+2n, ... (n threads).
   next_line = tid + 1
   exhausted = 0
end

function request()
   if not once then
      return formatted[math.random(#formatted)]
   end
   local r = lines[next_line]
   if r == nil then
      exhausted = 1
      wrk.thread:stop()
      -- wrk still wants a request; this one is never answered by the harness's count
      r = lines[#lines]
   end
   next_line = next_line + threads_total
   return wrk.format(r[1], r[2], headers, r[3])
end

function done(summary, latency, requests)
   local exhausted_threads = 0
   for _, t in ipairs(threads) do
      exhausted_threads = exhausted_threads + (t:get("exhausted") or 0)
   end
   local e = summary.errors
   io.write(string.format(
      'BENCH_RESULT {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
      '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d, ' ..
      '"p50": %d, "p90": %d, "p95": %d, "p99": %d, "max": %d, "mean": %.1f, ' ..
      '"exhausted_threads": %d}\n',
      summary.requests, summary.duration, summary.bytes,
      e.connect, e.read, e.write, e.status, e.timeout,
      latency:percentile(50), latency:percentile(90), latency:percentile(95),
      latency:percentile(99), latency.max, latency.mean, exhausted_threads))
end
