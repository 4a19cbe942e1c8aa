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
request = function()
  i = i + 1
  local q = queries[(i % #queries) + 1]:gsub(" ", "%%20")
  return wrk.format("GET", "/api/search?q=" .. q .. "&from=2015-01-01&to=2024-12-31&limit=10" .. extra)
end
