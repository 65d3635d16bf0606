-- bench.lua, with the first request of each connection sent at a random moment
-- within STAGGER_MS instead of all at once. For the login benchmark: nginx's login
-- limit (limit_req, burst 20) counts in whole milliseconds, so 64 logins arriving in
-- the same millisecond get 429 however high the rate is (SAFEGRID_LOGIN_RATE).
-- Later requests go without delay.

local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "bench.lua")

function delay()
   sent = sent + 1
   if stagger_ms > 0 and sent <= first_requests then
      return math.random(0, stagger_ms)
   end
   return 0
end
