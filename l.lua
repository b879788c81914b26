wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"model":"bench","max_tokens":64,"messages":[{"role":"user","content":"Say hello."}]}'
t, c = 0, 0
function response(status, headers, body) local o = headers["x-switchyard-overhead-ms"]; if o then t = t + tonumber(o); c = c + 1 end end
local threads = {}
function setup(thread) table.insert(threads, thread) end
function done(s, l, r) local a, b = 0, 0; for _, th in ipairs(threads) do a = a + th:get("t"); b = b + th:get("c") end; io.write(string.format("overhead %.4f p50 %.3f\n", a / b, l:percentile(50)/1000)) end
