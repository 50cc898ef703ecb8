-- luajit_rule.lua - the reference rule in LuaJIT with lua-cjson.
--
--   luajit luajit_rule.lua FILE
--
-- The rule is compiled to a Lua function from generated source (what a
-- rule-to-Lua compiler would emit). Prints two JSON lines, as node_rule.mjs:
--   decode+match  read FILE, split lines, cjson.decode, evaluate (timed
--                 from opening the file to the last event)
--   match         evaluate only, on tables decoded beforehand, after a
--                 warm-up on the first 20,000
local cjson = require("cjson")
local ffi = require("ffi")

ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock, bench_timespec *ts);
]]
local CLOCK_MONOTONIC = 1
local ts = ffi.new("bench_timespec")
local function now()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, ts)
  return tonumber(ts.tv_sec) * 1e9 + tonumber(ts.tv_nsec)
end

local path = arg[1]
if not path then
  io.stderr:write("usage: luajit luajit_rule.lua FILE\n")
  os.exit(2)
end

local rule = assert(loadstring([[
return function(e)
  return e.temp > 80.0 and (e.site == "plant-a" or e.site == "plant-b") and e.status ~= "maintenance"
end]]))()
local decode = cjson.decode

local function report(mode, events, matched, ns)
  print(string.format('{"name":"luajit-cjson","mode":"%s","events":%d,"matched":%d,"ns_per_event":%.2f}',
    mode, events, matched, ns / events))
  io.stdout:flush()
end

-- decode+match
do
  local events, matched = 0, 0
  local t0 = now()
  for line in io.lines(path) do
    if #line > 0 then
      events = events + 1
      if rule(decode(line)) then matched = matched + 1 end
    end
  end
  report("decode+match", events, matched, now() - t0)
end
collectgarbage()

-- match
do
  local objs, n = {}, 0
  for line in io.lines(path) do
    if #line > 0 then
      n = n + 1
      objs[n] = decode(line)
    end
  end
  for i = 1, math.min(20000, n) do rule(objs[i]) end
  local matched = 0
  local t0 = now()
  for i = 1, n do
    if rule(objs[i]) then matched = matched + 1 end
  end
  report("match", n, matched, now() - t0)
end
