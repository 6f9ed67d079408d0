-- wrk script: POST the benchmark claim (Benchmarks/http/claim.json) to /v1/claims/scrub.
local f = assert(io.open(os.getenv("CLAIM_FILE") or "Benchmarks/http/claim.json", "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"

-- Report non-2xx/3xx responses, so a fast run made of errors shows it.
function done(summary, latency, requests)
  io.write(string.format("non-2xx responses: %d\n", summary.errors.status))
end
