-- wrk script of the soak test (test_soak.py): mixed reads and writes as one
-- township's committee until SOAK_REQUESTS answers have come back, then stop.
-- Every fourth request creates a task; the others read four lists and /me.
local cookie = os.getenv("SOAK_COOKIE")
local csrf = os.getenv("SOAK_CSRF")
local campaign = os.getenv("SOAK_CAMPAIGN")
local node = os.getenv("SOAK_NODE")
local deadline = os.getenv("SOAK_DEADLINE")
local limit = tonumber(os.getenv("SOAK_REQUESTS"))
local reads = {"/api/v1/tasks?limit=20", "/api/v1/hazards?limit=20", "/api/v1/me",
               "/api/v1/enterprises?limit=20&q=%E5%8C%96", "/api/v1/inspections?limit=10"}
local n, answered, failed = 0, 0, 0

request = function()
   n = n + 1
   local headers = {["Cookie"] = cookie, ["Accept-Language"] = "en"}
   if n % 4 == 0 then
      headers["X-CSRF-Token"] = csrf
      headers["Content-Type"] = "application/json"
      local body = string.format('{"campaign_id":%s,"grid_node_id":%s,"title":"浸泡测试 %d",' ..
                                 '"target":%d,"deadline":"%s"}', campaign, node, n, 1 + n % 500, deadline)
      return wrk.format("POST", "/api/v1/tasks", headers, body)
   end
   return wrk.format("GET", reads[1 + n % #reads], headers)
end

response = function(status, headers, body)
   answered = answered + 1
   if status >= 500 then
      failed = failed + 1
   end
   if answered == limit then
      -- wrk's main thread sleeps for its -d; the test sends it SIGINT when it sees this file.
      local f = io.open(os.getenv("SOAK_DONE"), "w")
      f:close()
      wrk.thread:stop()
   end
end

done = function(summary, latency, requests)
   io.write(string.format("soak: %d requests, %d non-2xx/3xx, %d connect/read/write/timeout errors\n",
                          summary.requests, summary.errors.status,
                          summary.errors.connect + summary.errors.read + summary.errors.write +
                          summary.errors.timeout))
end
