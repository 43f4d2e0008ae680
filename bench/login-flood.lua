-- A paced flood of wrong passwords through the real login form. FLOOD_COOKIE and FLOOD_CSRF come from a
-- session that bench/login-flood.sh opened, so every request passes the CSRF check and reaches the login
-- throttle or the password hash. A checked wrong password gets 303; 429 (throttled) and 503 (hashing
-- pool full) are counted as rejected.
dofile(os.getenv("BENCH_DIR") .. "/paced.lua")

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = os.getenv("FLOOD_COOKIE")

local counter = 0
function request()
  counter = counter + 1
  local body = "_csrf=" .. os.getenv("FLOOD_CSRF") .. "&username=" .. os.getenv("FLOOD_USER")
      .. "&password=wrong-password-" .. counter
  return wrk.format(nil, "/login", nil, body)
end

function done(summary, latency, requests)
  io.write(string.format("FLOOD requests=%d rejected=%d p99_ms=%.2f\n", summary.requests,
    summary.errors.status, latency:percentile(99) / 1000))
end
