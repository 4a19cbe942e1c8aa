// kabar web page: plain JS, no framework, talks only to the local /api. Routes live in the hash:
//   #/  #/search?q=…&outlet=…  #/story/S1  #/doc/ID  #/entity/E1  #/claims  #/quotes?speaker=…
"use strict";

const main = document.getElementById("main");
const SVG = "http://www.w3.org/2000/svg";

// h("a", {href: "#/"}, "text", child…): elements built without innerHTML, so nothing from the
// data is ever parsed as markup.
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") el.className = v;
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : v);
  }
  append(el, children);
  return el;
}
function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}
function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, v);
  for (const c of children) el.append(c instanceof Node ? c : String(c));
  return el;
}

async function api(path) {
  return (await apiPage(path)).body;
}
// A paged list answer: its body and the whole count of its X-Total-Count header (if any).
async function apiPage(path) {
  const res = await fetch(path, { headers: { Accept: "application/json" } });
  let body;
  try { body = await res.json(); } catch { body = { error: `${path}: HTTP ${res.status}` }; }
  if (!res.ok) throw new Error(body.error || `${path}: HTTP ${res.status}`);
  const total = res.headers.get("X-Total-Count");
  return { body, total: total === null ? undefined : Number(total) };
}

const fmtNumber = (v) => typeof v === "number" ? v.toLocaleString("id-ID") : String(v ?? "");
const storyLink = (id, title) => h("a", { href: `#/story/${encodeURIComponent(id)}` }, title || id);
const docLink = (id, title) => h("a", { href: `#/doc/${encodeURIComponent(id)}` }, title || id);
const entityLink = (id, name) => id ? h("a", { href: `#/entity/${encodeURIComponent(id)}` }, name || id) : (name || "");
const outletDate = (x) => [x.outlet || "unknown outlet", x.published].filter(Boolean).join(", ");

// "2024-10-31", "2024-10" or "2024" → time in ms (start of the period), or NaN.
function dateValue(d) {
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(d || "");
  if (!m) return NaN;
  return Date.UTC(+m[1], m[2] ? +m[2] - 1 : 0, m[3] ? +m[3] : 1);
}

// A date value without a calendar point in words (as `kabar claims` prints it); ISO dates as they are.
const WEEKDAYS = ["", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const MONTHS = ["", "January", "February", "March", "April", "May", "June", "July", "August",
  "September", "October", "November", "December"];
function readableDate(d) {
  if (!d) return "";
  const refs = { PRESENT_REF: "now", PAST_REF: "the past", FUTURE_REF: "the future" };
  if (refs[d]) return refs[d];
  let m = /^XXXX-WXX-([1-7])$/.exec(d);
  if (m) return `a ${WEEKDAYS[+m[1]]}`;
  m = /^XXXX-(\d{2})(?:-(\d{2}))?$/.exec(d);
  if (m && +m[1] >= 1 && +m[1] <= 12) return m[2] ? `${+m[2]} ${MONTHS[+m[1]]}` : MONTHS[+m[1]];
  return d;
}

// ---------------------------------------------------------------------------------- charts

// Coverage over time, one row per story: a dot per publication date, its area ∝ documents.
function coverageChart(stories) {
  const rows = stories.filter((st) => st.coverage && st.coverage.length);
  if (!rows.length) return null;
  const all = rows.flatMap((st) => st.coverage.map((c) => dateValue(c.date))).filter((x) => !isNaN(x));
  let lo = Math.min(...all), hi = Math.max(...all);
  const pad = Math.max((hi - lo) * 0.04, 86400000);
  lo -= pad; hi += pad;
  const labelW = 250, plotW = 640, rowH = 34, top = 10, W = labelW + plotW + 20, H = top + rows.length * rowH + 30;
  const x = (t) => labelW + ((t - lo) / (hi - lo)) * plotW;
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: "img", "aria-label": "Coverage over time per story" });
  const maxCount = Math.max(...rows.flatMap((st) => st.coverage.map((c) => c.count)));
  rows.forEach((st, i) => {
    const y = top + i * rowH + rowH / 2;
    const title = st.title.length > 38 ? st.title.slice(0, 37) + "…" : st.title;
    const a = s("a", { href: `#/story/${st.id}` }, s("text", { x: 4, y: y + 4, class: "row-label" }, `${st.id} · ${title}`));
    svg.append(a, s("line", { x1: labelW, x2: labelW + plotW, y1: y, y2: y, stroke: "#dde2e8" }));
    for (const c of st.coverage) {
      const t = dateValue(c.date);
      if (isNaN(t)) continue;
      const r = 4 + 9 * Math.sqrt(c.count / maxCount);
      svg.append(s("circle", { cx: x(t), cy: y, r }, s("title", {}, `${st.id} ${c.date}: ${c.count} document(s)`)));
    }
  });
  // Axis: about six ticks at month or day starts.
  const span = hi - lo, day = 86400000;
  const step = span > 400 * day ? "year" : span > 60 * day ? "month" : "day";
  const ticks = [];
  const d = new Date(lo);
  d.setUTCHours(0, 0, 0, 0);
  if (step !== "day") d.setUTCDate(1);
  if (step === "year") d.setUTCMonth(0);
  while (d.getTime() <= hi && ticks.length < 400) {
    if (d.getTime() >= lo) ticks.push(d.getTime());
    if (step === "day") d.setUTCDate(d.getUTCDate() + 1);
    else if (step === "month") d.setUTCMonth(d.getUTCMonth() + 1);
    else d.setUTCFullYear(d.getUTCFullYear() + 1);
  }
  const every = Math.max(1, Math.ceil(ticks.length / 7));
  const yAxis = top + rows.length * rowH + 14;
  ticks.forEach((t, i) => {
    if (i % every) return;
    const label = new Date(t).toISOString().slice(0, step === "day" ? 10 : step === "month" ? 7 : 4);
    svg.append(s("line", { x1: x(t), x2: x(t), y1: top, y2: yAxis - 10, stroke: "#eef1f4" }),
               s("text", { x: x(t), y: yAxis, "text-anchor": "middle" }, label));
  });
  return h("div", { class: "chart", id: "coverage-chart" }, svg);
}

// Documents per publication date of one story, as bars.
function barChart(coverage) {
  if (!coverage || !coverage.length) return null;
  const bar = 34, gap = 8, hgt = 90, W = coverage.length * (bar + gap) + gap;
  const max = Math.max(...coverage.map((c) => c.count));
  const svg = s("svg", { viewBox: `0 0 ${W} ${hgt + 34}`, width: W, height: hgt + 34, role: "img", "aria-label": "Documents per day" });
  coverage.forEach((c, i) => {
    const bh = Math.max(3, (c.count / max) * hgt), x0 = gap + i * (bar + gap);
    svg.append(s("rect", { class: "bar", x: x0, y: hgt - bh + 12, width: bar, height: bh }, s("title", {}, `${c.date}: ${c.count}`)),
               s("text", { x: x0 + bar / 2, y: hgt - bh + 8, "text-anchor": "middle" }, c.count),
               s("text", { x: x0 + bar / 2, y: hgt + 28, "text-anchor": "middle" }, c.date.length >= 10 ? c.date.slice(5) : c.date));
  });
  return h("div", { class: "chart", id: "story-chart" }, svg);
}

// ---------------------------------------------------------------------------------- shared views

// `more(c, i)` (a story's claims): a claim whose values the server cut gets a line that fetches
// the next values of claim number `i` of the list.
function claimsTable(claims, { storyScope = false, more = null } = {}) {
  if (!claims.length) return h("p", { class: "muted" }, "No numeric claims.");
  const table = h("table", { id: "claims-table" },
    h("thead", {}, h("tr", {}, h("th", {}, "Topic"), h("th", {}, "Value"), h("th", {}, "Qualifier"),
      h("th", {}, "Source"), h("th", {}, "Date"), h("th", {}, "Document"))));
  const body = h("tbody");
  appendClaims(body, claims, { storyScope, more, first: 0 });
  table.append(body);
  return table;
}

// The rows of `claims` appended to a claims table body; `first` is the index of the first one
// in the whole list (for `more`).
function appendClaims(body, claims, { storyScope = false, more = null, first = 0 } = {}) {
  claims.forEach((c, k) => {
    const valueRow = (v) => h("tr", { class: [v.outlier ? "outlier" : "", c.conflict ? "conflict-claim" : ""].join(" ").trim() || null,
                                      title: v.text || null },
      h("td", { class: "num" }, fmtNumber(v.value), v.value_max !== undefined ? `–${fmtNumber(v.value_max)}` : ""),
      h("td", {}, v.qualifier),
      h("td", {}, v.source || ""),
      h("td", { title: v.date || null }, readableDate(v.date)),
      h("td", {}, docLink(v.document, v.outlet || v.document), storyScope && v.in_story === false ? h("span", { class: "meta" }, " (other story)") : null));
    const topic = h("td", {}, h("b", {}, c.topic), " ", c.conflict ? h("span", { class: "badge conflict" }, "conflict") : null,
      h("div", { class: "meta" }, c.id));
    const rows = c.values.map(valueRow);
    let moreRow = null;
    const line = more && moreLine(c.values.length, c.value_count, "values", async (offset) => {
      const values = await more(c, first + k, offset);
      for (const v of values) moreRow.before(valueRow(v));
      topic.rowSpan += values.length;
      return values.length;
    });
    if (line) rows.push(moreRow = h("tr", { class: "more-values" }, h("td", { colspan: 5 }, line)));
    if (!rows.length) return;
    topic.rowSpan = rows.length;
    rows[0].prepend(topic);
    body.append(...rows);
  });
}

// `more(g, i, offset)` (a story's speakers): a speaker whose quotes the server cut gets a line
// that fetches the next of speaker number `i` of the list.
function quotesBySpeaker(groups, { more = null } = {}) {
  if (!groups.length) return h("p", { class: "muted" }, "No quotes.");
  return h("div", { id: "quotes" }, groups.map((g, i) => speakerGroup(g, i, more)));
}

function quoteBlock(q) {
  return h("blockquote", {}, q.direct ? `“${q.text}”` : q.text, " ",
    h("span", { class: "meta" }, "— ", docLink(q.document, outletDate(q))));
}

function speakerGroup(g, index, more) {
  const section = h("section", { class: "speaker-group" },
    h("div", { class: "speaker" }, g.speaker ? entityLink(g.speaker_entity, g.speaker) : "Unattributed",
      h("span", { class: "meta" }, ` · ${g.count} quote${g.count === 1 ? "" : "s"}`)),
    g.quotes.map(quoteBlock));
  let line = null;
  if (more) {
    line = moreLine(g.quotes.length, g.count, "quotes", async (offset) => {
      const quotes = await more(g, index, offset);
      line.before(...quotes.map(quoteBlock));
      return quotes.length;
    });
    if (line) section.append(line);
  }
  return section;
}

function tags(list, make) {
  return h("div", { class: "tags" }, list.map(make));
}

function error(e) {
  return h("p", { class: "error", role: "alert" }, e.message || String(e));
}

// ---------------------------------------------------------------------------------- pages

async function pageHome() {
  const [stories, status] = await Promise.all([api("/api/stories"), api("/api/status")]);
  return [
    h("h1", {}, "Stories"),
    h("p", { class: "meta" }, `${status.documents} documents · ${status.stories} stories · ${status.entities} entities · ${status.claims} claims`),
    coverageChart(stories),
    h("ul", { class: "story-list", id: "story-list" }, stories.map((st) => h("li", {},
      h("div", { class: "title" }, storyLink(st.id, st.title)),
      h("div", { class: "meta" }, `${st.id} · ${st.documents} documents · ${st.events} events`,
        st.first ? ` · ${st.first}${st.last !== st.first ? " – " + st.last : ""}` : "",
        st.outlets.length ? " · " + st.outlets.map((o) => o.name).join(", ") : ""),
      st.lead ? h("div", {}, st.lead) : null))),
  ];
}

async function pageStory(id) {
  const base = `/api/stories/${encodeURIComponent(id)}`;
  const st = await api(base);
  document.title = `${st.title} — kabar`;
  const search = `#/search?story=${encodeURIComponent(st.id)}`;
  const page = st.page || {};
  const step = (key, fallback) => (page[key] && page[key].limit) || fallback;
  // One more slice of one list, asked for alone (`only`), so the rest is not computed again.
  const slice = (params) => api(`${base}?${new URLSearchParams(params)}`);
  const moreValues = async (c, i, offset) => (await slice({ only: "claims", claims_offset: i, claims_limit: 1,
    values_offset: offset, values_limit: step("values", 100) })).claims[0]?.values || [];
  const moreQuotes = async (g, i, offset) => (await slice({ only: "speakers", speakers_offset: i, speakers_limit: 1,
    quotes_offset: offset, quotes_limit: step("quotes", 20) })).quotes[0]?.quotes || [];
  const claims = claimsTable(st.claims, { storyScope: true, more: moreValues });
  const quotes = quotesBySpeaker(st.quotes, { more: moreQuotes });
  const docRow = (d) => h("tr", {},
    h("td", {}, d.published || "", d.inferred ? h("span", { class: "meta", title: "inferred from the text" }, " *") : null),
    h("td", {}, d.outlet || ""), h("td", {}, docLink(d.id, d.title)), h("td", {}, (d.wires || []).join(", ")),
    h("td", { class: "num" }, d.quotes), h("td", { class: "num" }, d.quantities));
  const docBody = h("tbody", {}, st.documents.map(docRow));
  return [
    h("p", { class: "meta" }, h("a", { href: "#/" }, "Stories"), " › ", st.id),
    h("h1", { id: "story-title" }, st.title),
    h("p", { class: "meta" }, `${st.document_count ?? st.documents.length} documents · ${st.events.length} events · `,
      h("a", { href: search }, "search in this story")),
    st.summary.length ? h("section", {}, h("h2", {}, "Summary"), h("ul", {}, st.summary.map((x) => h("li", {}, x)))) : null,
    h("h2", {}, "Coverage"),
    barChart(st.coverage),
    h("div", { class: "grid2" },
      h("section", {}, h("h3", {}, "Outlets"), tags(st.outlets, (o) => h("span", {}, `${o.name} (${o.count})`))),
      h("section", {}, h("h3", {}, "Wires cited"), st.wires.length ? tags(st.wires, (w) => h("span", {}, `${w.name} (${w.count})`)) : h("p", { class: "muted" }, "None."))),
    h("h2", {}, "Timeline"),
    st.timeline.length ? h("ol", { class: "timeline", id: "timeline" }, st.timeline.map((t) => h("li", {},
      h("span", { class: "date" }, t.date), t.text, " ",
      h("span", { class: "meta" }, "— ", docLink(t.document, t.outlet || t.title))))) : h("p", { class: "muted", id: "timeline" }, "No dated events."),
    h("h2", {}, "Claims"),
    h("p", { class: "meta" }, "Rows in orange differ from the value most sources give."),
    claims,
    moreLine(st.claims.length, st.claim_count, "claims", async (offset) => {
      const r = await slice({ only: "claims", claims_offset: offset, claims_limit: step("claims", 200), values_limit: step("values", 100) });
      appendClaims(claims.querySelector("tbody"), r.claims, { storyScope: true, more: moreValues, first: offset });
      return r.claims.length;
    }, search, "more-claims"),
    h("h2", {}, "Quotes by speaker"),
    quotes,
    moreLine(st.quotes.length, st.speaker_count, "speakers", async (offset) => {
      const r = await slice({ only: "speakers", speakers_offset: offset, speakers_limit: step("speakers", 100), quotes_limit: step("quotes", 20) });
      quotes.append(...r.quotes.map((g, i) => speakerGroup(g, offset + i, moreQuotes)));
      return r.quotes.length;
    }, search, "more-speakers"),
    h("h2", {}, "Entities"),
    tags(st.entities, (e) => h("a", { href: `#/entity/${encodeURIComponent(e.id)}`, class: `ann-${e.type}` }, `${e.name} (${e.documents})`)),
    h("h2", {}, "Documents"),
    h("table", { id: "documents" },
      h("thead", {}, h("tr", {}, h("th", {}, "Date"), h("th", {}, "Outlet"), h("th", {}, "Title"), h("th", {}, "Wires"), h("th", {}, "Quotes"), h("th", {}, "Numbers"))),
      docBody),
    moreLine(st.documents.length, st.document_count, "documents, the earliest first", async (offset) => {
      const r = await slice({ only: "documents", documents_offset: offset, documents_limit: step("documents", 1000) });
      docBody.append(...r.documents.map(docRow));
      return r.documents.length;
    }, search, "more-documents"),
  ];
}

// Under a list the server answers in slices (a big story's or entity's documents, claims,
// speakers, quotes): "Showing 1,000 of 71,487 …", a button that fetches the next slice
// (`load(offset)` appends it and resolves to how many came) and, with `href`, a link to search
// them all. Nothing when the list is whole.
function moreLine(shown, total, what, load, href, id) {
  if (total === undefined || total <= shown) return null;
  const line = h("p", { class: "meta more", id });
  const draw = (problem) => {
    line.replaceChildren(`Showing ${shown.toLocaleString()} of ${total.toLocaleString()} ${what}`);
    if (shown < total) line.append(" · ", h("button", { type: "button", class: "more-button", onclick: next }, "show more"));
    if (href) line.append(" · ", h("a", { href }, "search"), " for all");
    if (problem) line.append(" ", h("span", { class: "error", role: "alert" }, problem.message || String(problem)));
  };
  async function next(ev) {
    ev.target.disabled = true;
    try {
      const n = await load(shown);
      shown += n;
      if (n === 0) total = shown;  // the corpus changed since the page was drawn
      draw();
    } catch (e) {
      draw(e);
    }
  }
  draw();
  return line;
}

// The text with its annotation layers: segments cut at every span boundary (UTF-8 byte offsets,
// as the API gives them), each segment carrying the classes of the spans covering it.
function annotatedText(doc, layers) {
  const bytes = new TextEncoder().encode(doc.text);
  const dec = new TextDecoder();
  const spans = [];
  if (layers.entities) for (const e of doc.entities) spans.push({ ...e, kind: "entity", cls: `ann-${e.type}`, tip: `${e.type}${e.entity ? " " + e.entity : ""}${e.role ? " · " + e.role : ""}` });
  if (layers.quotes) for (const q of doc.quotes) spans.push({ ...q, kind: "quote", cls: "ann-quote", tip: `quote · ${q.speaker || "unattributed"}${q.direct ? " (direct)" : ""}` });
  if (layers.quantities) for (const q of doc.quantities) spans.push({ ...q, kind: "qty", cls: "ann-qty", tip: `${q.value} ${q.unit || ""} · ${q.qualifier}` });
  if (layers.dates) for (const d of doc.dates) spans.push({ ...d, kind: "date", cls: "ann-date", tip: `${d.type || "date"} ${d.value}` });
  if (layers.copies) for (const c of doc.duplicates || []) for (const x of c.passages) spans.push({ start: x.start, end: x.end, kind: "copy", cls: "ann-copy", tip: `shared with ${c.document.title || c.document.id}${c.document.outlet ? " (" + c.document.outlet + ")" : ""}` });
  const valid = spans.filter((x) => Number.isInteger(x.start) && Number.isInteger(x.end) && x.start < x.end && x.end <= bytes.length);
  const cuts = new Set([0, bytes.length]);
  for (const x of valid) { cuts.add(x.start); cuts.add(x.end); }
  const points = [...cuts].sort((a, b) => a - b);
  const out = h("div", { class: "doc-text", id: "doc-text" });
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i], b = points[i + 1];
    const text = dec.decode(bytes.subarray(a, b));
    const on = valid.filter((x) => x.start <= a && x.end >= b);
    if (!on.length) { out.append(text); continue; }
    const ent = on.find((x) => x.kind === "entity" && x.entity);
    const el = ent ? h("a", { href: `#/entity/${encodeURIComponent(ent.entity)}` }) : h("span");
    el.className = on.map((x) => x.cls).join(" ");
    el.title = on.map((x) => x.tip).join("\n");
    el.append(text);
    out.append(el);
  }
  return out;
}

async function pageDocument(id) {
  const d = await api(`/api/documents/${encodeURIComponent(id)}`);
  document.title = `${d.display_title} — kabar`;
  const layers = { entities: true, quotes: true, quantities: true, dates: true, copies: true };
  const holder = h("div");
  const draw = () => holder.replaceChildren(annotatedText(d, layers));
  const toggle = (key, label, cls) => h("label", {}, h("input", { type: "checkbox", checked: true, onchange: (e) => { layers[key] = e.target.checked; draw(); } }), " ", h("span", { class: cls }, label));
  draw();
  const pub = d.published || {};
  return [
    h("p", { class: "meta" }, d.stories.length ? ["Story ", d.stories.map((st) => storyLink(st.id, `${st.id} ${st.title}`))] : "In no story"),
    h("h1", {}, d.display_title),
    h("p", { class: "meta" }, [d.outlet, d.byline && `by ${d.byline}`, d.dateline,
      pub.date && `published ${pub.date}${pub.inferred ? " (inferred" + (pub.evidence ? ` from “${pub.evidence}”` : "") + ")" : ""}`,
      d.wires.length && `wires: ${d.wires.join(", ")}`, `language ${d.language}`].filter(Boolean).join(" · ")),
    h("p", { class: "meta" }, d.path, " · ", d.id),
    d.warnings.length ? h("ul", { class: "meta" }, d.warnings.map((w) => h("li", {}, `${w.kind}: ${w.text}${w.detail ? " — " + w.detail : ""}`))) : null,
    h("div", { class: "legend" }, toggle("entities", "entities", "ann-PER"), toggle("quotes", "quotes", "ann-quote"),
      toggle("quantities", "numbers", "ann-qty"), toggle("dates", "dates", "ann-date"),
      (d.duplicates || []).length ? toggle("copies", "shared passages", "ann-copy") : null,
      h("span", { class: "ann-PER" }, "person"), h("span", { class: "ann-ORG" }, "organisation"),
      h("span", { class: "ann-LOC" }, "place"), h("span", { class: "ann-MISC" }, "other")),
    holder,
    copiesSection(d),
  ];
}

// The other documents this one copies or is copied by, with what they share.
function copiesSection(d) {
  const copies = d.duplicates || [];
  const kind = (c) => c.exact ? "exact copy" : c.near_duplicate ? "near-duplicate" : "shares passages";
  const when = (c) => c.published_first === "other" ? "published earlier" : c.published_first === "this" ? "published later" : "";
  return h("section", { id: "copies" }, h("h3", {}, "Copies and shared passages"),
    copies.length ? h("table", {},
      h("thead", {}, h("tr", {}, ["Document", "Outlet", "Published", "", "Similarity", "Shared"].map((t) => h("th", {}, t)))),
      h("tbody", {}, copies.map((c) => h("tr", {},
        h("td", {}, docLink(c.document.id, c.document.title), " ", h("span", { class: "badge" }, kind(c))),
        h("td", {}, c.document.outlet || ""),
        h("td", {}, c.document.published || ""),
        h("td", { class: "meta" }, when(c)),
        h("td", {}, `${Math.round(c.similarity * 100)}% · ${Math.round(c.containment * 100)}% contained`),
        h("td", {}, `${c.passages.length} passage${c.passages.length === 1 ? "" : "s"}, ${c.passages.reduce((n, x) => n + x.tokens, 0)} words`))))) :
      h("p", { class: "muted" }, "No copies found."),
    d.duplicate_count > copies.length ? h("p", { class: "meta" }, `${copies.length} of ${d.duplicate_count} shown`) : null);
}

async function pageEntity(id) {
  const base = `/api/entities/${encodeURIComponent(id)}`;
  const e = await api(base);
  document.title = `${e.name} — kabar`;
  const search = `#/search?entity=${encodeURIComponent(e.name)}`;
  const page = e.page || {};
  const slice = (params) => api(`${base}?${new URLSearchParams(params)}`);
  const docItem = (d) => h("li", {}, docLink(d.id, d.title), h("span", { class: "meta" }, ` — ${outletDate(d)}`));
  const said = h("div", { id: "entity-quotes" }, e.quotes.map(quoteBlock));
  const docs = h("ul", { id: "entity-documents" }, e.documents.map(docItem));
  return [
    h("p", { class: "meta" }, `Entity ${e.id} · ${e.type}`, e.role ? ` · ${e.role}` : "", e.country ? ` · ${e.country}` : ""),
    h("h1", {}, e.name),
    h("p", { class: "meta" }, `${e.mentions} mentions in ${e.document_count ?? e.documents.length} documents`,
      e.variants.length ? ` · also written ${e.variants.join(", ")}` : "", " · ",
      h("a", { href: search }, "search its documents")),
    h("h2", {}, "Stories"),
    e.stories.length ? h("ul", {}, e.stories.map((st) => h("li", {}, storyLink(st.id, st.title)))) : h("p", { class: "muted" }, "None."),
    h("h2", {}, "What they said"),
    e.quotes.length ? said : h("p", { class: "muted" }, "No quotes attributed."),
    moreLine(e.quotes.length, e.quote_count, "quotes", async (offset) => {
      const r = await slice({ only: "quotes", quotes_offset: offset, quotes_limit: page.quotes?.limit || 200 });
      said.append(...r.quotes.map(quoteBlock));
      return r.quotes.length;
    }, search, "more-quotes"),
    h("h2", {}, "Documents"),
    docs,
    moreLine(e.documents.length, e.document_count, "documents", async (offset) => {
      const r = await slice({ only: "documents", documents_offset: offset, documents_limit: page.documents?.limit || 1000 });
      docs.append(...r.documents.map(docItem));
      return r.documents.length;
    }, search, "more-documents"),
  ];
}

const SEARCH_KEYS = ["q", "from", "to", "outlet", "entity", "story", "language", "offset"];

async function pageSearch(params) {
  const p = new URLSearchParams();
  for (const k of SEARCH_KEYS) if (params.get(k)) p.set(k, params.get(k));
  p.set("limit", "20");
  document.getElementById("q").value = params.get("q") || "";
  const r = await api(`/api/search?${p}`);
  const link = (changes) => {
    const n = new URLSearchParams(params);
    n.delete("offset");
    for (const [k, v] of Object.entries(changes)) v === null ? n.delete(k) : n.set(k, v);
    return `#/search?${n}`;
  };
  const facet = (title, key, list, toParam) => list.length ? h("section", {}, h("h3", {}, title), h("ul", {}, list.map((f) => {
    const value = toParam ? toParam(f.value) : f.value;
    const active = params.get(key) === value;
    return h("li", { class: active ? "active" : null }, h("a", { href: link({ [key]: active ? null : value }) }, f.value || "(none)"), h("span", { class: "meta" }, f.count));
  }))) : null;
  const monthEnd = (m) => { const [y, mo] = m.split("-").map(Number); return new Date(Date.UTC(y, mo, 0)).toISOString().slice(0, 10); };
  const filters = ["from", "to", "outlet", "entity", "story", "language"].filter((k) => params.get(k));
  const offset = +(params.get("offset") || 0);
  const pager = h("div", { class: "pager" },
    offset > 0 ? h("a", { href: link({ offset: Math.max(0, offset - 20) || null }) }, "← previous") : null,
    h("span", { class: "meta" }, r.total ? `${offset + 1}–${offset + r.hits.length} of ${r.total}` : ""),
    offset + r.hits.length < r.total ? h("a", { href: (() => { const n = new URLSearchParams(params); n.set("offset", offset + 20); return `#/search?${n}`; })() }, "next →") : null);
  return [
    h("h1", {}, params.get("q") ? `Search: ${params.get("q")}` : "Documents"),
    h("p", { class: "meta", id: "search-total" }, `${r.total} document${r.total === 1 ? "" : "s"} · ${r.elapsed_ms.toFixed(1)} ms`),
    filters.length ? h("p", { class: "filters" }, filters.map((k) => h("span", { class: "badge" }, `${k}: ${params.get(k)}`, h("a", { href: link({ [k]: null }), title: "remove" }, "×")))) : null,
    h("div", { class: "cols" },
      h("aside", { class: "facets", id: "facets" },
        facet("Outlets", "outlet", r.facets.outlets),
        r.facets.months.length ? h("section", {}, h("h3", {}, "Months"), h("ul", {}, r.facets.months.map((f) =>
          h("li", {}, h("a", { href: link({ from: `${f.value}-01`, to: monthEnd(f.value) }) }, f.value), h("span", { class: "meta" }, f.count))))) : null,
        facet(r.facets.entities_counted < r.total ? `Entities (in the ${r.facets.entities_counted} best matches)` : "Entities", "entity", r.facets.entities)),
      h("section", { id: "results" },
        r.hits.length ? r.hits.map((x) => h("div", { class: "hit" },
          h("div", { class: "title" }, docLink(x.id, x.title || x.path)),
          h("div", { class: "meta" }, outletDate(x), x.stories.length ? [" · ", x.stories.map((id) => storyLink(id, `story ${id}`))] : null),
          h("div", { class: "snippet" }, snippet(x.snippet)))) : h("p", { class: "muted" }, "Nothing found."),
        pager)),
  ];
}

// "… the [matched] words …" → text with <mark>s.
function snippet(text) {
  const out = [];
  const re = /\[([^\]]*)\]/g;
  let last = 0, m;
  while ((m = re.exec(text || ""))) {
    out.push(text.slice(last, m.index), h("mark", {}, m[1]));
    last = re.lastIndex;
  }
  out.push((text || "").slice(last));
  return out;
}

// /api/claims and /api/quotes answer 500 items a request (X-Total-Count has them all).
const LIST_PAGE = 500;

async function pageClaims(params) {
  const conflict = params.get("conflict") === "1";
  const query = (offset) => `/api/claims?${new URLSearchParams({ ...(conflict ? { conflict: 1 } : {}), offset, limit: LIST_PAGE })}`;
  const { body: claims, total } = await apiPage(query(0));
  const table = claimsTable(claims);
  return [
    h("h1", {}, "Claims"),
    h("p", {}, conflict ? h("a", { href: "#/claims" }, "show all") : h("a", { href: "#/claims?conflict=1" }, "only conflicts"),
      h("span", { class: "meta" }, ` · ${total ?? claims.length} claims`)),
    table,
    moreLine(claims.length, total, "claims", async (offset) => {
      const next = await api(query(offset));
      appendClaims(table.querySelector("tbody"), next);
      return next.length;
    }, null, "more-claims"),
  ];
}

async function pageQuotes(params) {
  const speaker = params.get("speaker") || "";
  const query = (offset) => `/api/quotes?${new URLSearchParams({ ...(speaker ? { speaker } : {}), offset, limit: LIST_PAGE })}`;
  const { body: groups, total } = await apiPage(query(0));
  const input = h("input", { type: "search", value: speaker, placeholder: "speaker name", "aria-label": "Speaker" });
  const list = quotesBySpeaker(groups);
  return [
    h("h1", {}, "Quotes"),
    h("form", { class: "search", onsubmit: (e) => { e.preventDefault(); location.hash = `#/quotes?speaker=${encodeURIComponent(input.value)}`; } }, input, h("button", {}, "Filter")),
    list,
    moreLine(groups.length, total, "speakers", async (offset) => {
      const next = await api(query(offset));
      list.append(...next.map((g, i) => speakerGroup(g, offset + i, null)));
      return next.length;
    }, null, "more-speakers"),
  ];
}

// ---------------------------------------------------------------------------------- router

async function route() {
  const hash = location.hash.replace(/^#/, "") || "/";
  const [path, query] = hash.split("?");
  const params = new URLSearchParams(query || "");
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  document.title = "kabar";
  main.replaceChildren(h("p", { class: "muted" }, "Loading…"));
  try {
    let content;
    if (parts.length === 0) content = await pageHome();
    else if (parts[0] === "story" && parts[1]) content = await pageStory(parts[1]);
    else if (parts[0] === "doc" && parts[1]) content = await pageDocument(parts[1]);
    else if (parts[0] === "entity" && parts[1]) content = await pageEntity(parts[1]);
    else if (parts[0] === "search") content = await pageSearch(params);
    else if (parts[0] === "claims") content = await pageClaims(params);
    else if (parts[0] === "quotes") content = await pageQuotes(params);
    else content = [h("h1", {}, "Not found"), h("p", {}, h("a", { href: "#/" }, "Back to the stories"))];
    main.replaceChildren(...[content].flat().filter(Boolean));
  } catch (e) {
    main.replaceChildren(error(e));
  }
  main.dataset.ready = hash;  // tests wait for this
  window.scrollTo(0, 0);
}

document.getElementById("search-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const q = document.getElementById("q").value.trim();
  location.hash = `#/search?q=${encodeURIComponent(q)}`;
});
window.addEventListener("hashchange", route);
api("/api/status").then((st) => {
  document.getElementById("footer").textContent = `kabar ${st.version} · ${st.documents} documents · offline`;
}).catch(() => {});
route();
