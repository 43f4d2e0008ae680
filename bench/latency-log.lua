-- Paced requests (bench/paced.lua) that also log every response to a file per wrk thread, so a run can be cut
-- into phases afterwards. Each line holds the wall-clock time the request was sent (microseconds since the
-- epoch, CLOCK_REALTIME), its latency in microseconds and the HTTP status. Files are LATENCY_LOG.1,
-- LATENCY_LOG.2, ... for the threads in order.
-- A thread's script cannot tell its connections apart, so it can time only one request at a time: run wrk
-- with one connection per thread (-tN -cN). A request that ends in a socket error or a reset is not logged,
-- only counted in the PAGE_ERRORS line that done() prints.
dofile(os.getenv("BENCH_DIR") .. "/paced.lua")

local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } latency_log_timespec;
int clock_gettime(int clock_id, latency_log_timespec *time);
]]
local CLOCK_REALTIME = 0
local timespec = ffi.new("latency_log_timespec")

local function now_us()
  ffi.C.clock_gettime(CLOCK_REALTIME, timespec)
  return tonumber(timespec.tv_sec) * 1000000 + math.floor(tonumber(timespec.tv_nsec) / 1000)
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_number", #threads)
end

local log_file
local request_text
local sent_us

function init(args)
  -- thread_number is set by setup() in this thread's own Lua state.
  log_file = assert(io.open(os.getenv("LATENCY_LOG") .. "." .. thread_number, "w"))
  -- Line buffering writes each line at once, so no buffered line depends on wrk closing the file at exit.
  log_file:setvbuf("line")
  request_text = wrk.format()
end

function request()
  sent_us = now_us()
  return request_text
end

function response(status, headers, body)
  log_file:write(string.format("%d %d %d\n", sent_us, now_us() - sent_us, status))
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format("PAGE_ERRORS connect=%d read=%d write=%d timeout=%d\n", errors.connect, errors.read,
    errors.write, errors.timeout))
end
