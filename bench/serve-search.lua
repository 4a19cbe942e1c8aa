-- wrk script for bench/serve.sh: GET /api/search with two-word queries and a date filter,
-- rotating through the list (kabar serve caches answers: run with CACHE=0 to search every time).
local queries = {
  "harga minyak", "bank indonesia", "korea utara", "banjir jakarta", "presiden jokowi",
  "suku bunga", "gempa bumi", "polisi tangkap", "tim nasional", "pemilihan umum",
  "harga beras", "tentara rusia", "kenaikan bbm", "piala dunia", "menteri keuangan",
  "sekolah dasar",
}
local i = 0
-- FACETS=0 (bench/serve.sh) asks for hits only, without facet counts.
local extra = os.getenv("FACETS") == "0" and "&facets=0" or ""
-- MONTHS="2017-01 2017-02 …" (bench/serve.sh WINDOW=months: the months that hold documents):
-- each request's window is one to three months from a random one of them, as in the latency
-- benchmark; otherwise every request asks for the same ten years.
local months = {}
for m in (os.getenv("MONTHS") or ""):gmatch("%d%d%d%d%-%d%d") do months[#months + 1] = m end
local function window()
  if #months == 0 then return "&from=2015-01-01&to=2024-12-31" end
  local first = months[math.random(#months)]
  local y, m = tonumber(first:sub(1, 4)), tonumber(first:sub(6, 7)) + math.random(0, 2)
  if m > 12 then y, m = y + 1, m - 12 end
  return string.format("&from=%s&to=%04d-%02d", first, y, m)
end
request = function()
  i = i + 1
  local q = queries[(i % #queries) + 1]:gsub(" ", "%%20")
  return wrk.format("GET", "/api/search?q=" .. q .. window() .. "&limit=10" .. extra)
end
