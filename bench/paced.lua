-- Paces each wrk connection so the whole run offers about RATE requests per second in total:
-- every connection waits CONNECTIONS * 1000 / RATE milliseconds between its requests.
-- wrk measures latency from the send, so the pause is not counted as latency.
local rate = tonumber(os.getenv("RATE") or "1000")
local connections = tonumber(os.getenv("CONNECTIONS") or "8")
local pause = math.floor(connections * 1000 / rate)

function delay()
  return pause
end
