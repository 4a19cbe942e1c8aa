// Browser test: real headless Chromium (Debian's) driven by playwright-core against a running
// `kabar serve`. Opens the page, searches, opens a story, checks the timeline and the claims
// table, follows a document and an entity. Fails on any page error or any request that leaves
// the local server (the page must work offline).
//   node story.test.mjs BASE_URL CHROMIUM_PATH [SCREENSHOT.png]
import { openBrowser } from "./harness.mjs";

const [base, executablePath, screenshot] = process.argv.slice(2);
if (!base || !executablePath) {
  console.error("usage: node story.test.mjs BASE_URL CHROMIUM_PATH [SCREENSHOT.png]");
  process.exit(2);
}

let step = "start";
function check(cond, message) {
  if (!cond) throw new Error(`${step}: ${message}`);
}

const { browser, page, problems } = await openBrowser(base, executablePath, { height: 1500, timeout: 15000 });
try {
  const ready = (prefix) => page.waitForFunction((p) => (document.querySelector("#main").dataset.ready || "").startsWith(p), prefix);

  step = "story list";
  await page.goto(`${base}/`);
  await ready("/");
  const stories = await page.$$eval("#story-list li .title a", (as) => as.map((a) => ({ href: a.getAttribute("href"), title: a.textContent })));
  check(stories.length >= 3, `expected at least 3 stories, found ${stories.length}`);
  check(await page.locator("#coverage-chart svg circle").count() >= 10, "the coverage chart has no dots");

  step = "search";
  await page.fill("#q", "banjir");
  await page.press("#q", "Enter");
  await ready("/search");
  const total = await page.textContent("#search-total");
  const hits = await page.locator("#results .hit").count();
  check(hits > 0, `no hits for "banjir" (${total})`);
  check(/^\d+ document/.test(total.trim()), `odd total line "${total}"`);
  check(await page.locator("#results mark").count() > 0, "no highlighted terms in the snippets");
  check(await page.locator("#facets li").count() > 0, "no facets");
  // A facet narrows the results. The page is already ready on a /search route, so clear the
  // marker first: otherwise ready("/search") can return before the filtered page is rendered.
  await page.evaluate(() => { document.querySelector("#main").dataset.ready = ""; });
  await page.locator("#facets section").first().locator("li a").first().click();
  await ready("/search");
  check(await page.locator(".filters .badge").count() === 1, "the facet did not become a filter");

  step = "open a story from the results";
  await page.locator('#results .hit a[href^="#/story/"]').first().click();
  await ready("/story/");
  const title = (await page.textContent("#story-title")).trim();
  check(title.length > 0, "story without a title");

  step = "timeline";
  const items = page.locator("#timeline li");
  const n = await items.count();
  check(n > 0, "the timeline is empty");
  const dates = await page.$$eval("#timeline li .date", (els) => els.map((e) => e.textContent));
  check(dates.every((d) => /^\d{4}(-\d{2}){0,2}/.test(d)), `timeline dates not ISO: ${dates.join(", ")}`);

  step = "claims table";
  const rows = await page.locator("#claims-table tbody tr").count();
  check(rows > 0, "the claims table is empty");
  check(await page.locator("#claims-table .badge.conflict").count() > 0, "no conflict highlighted in the flood story");
  check(await page.locator("#claims-table tr.outlier").count() > 0, "no outlying value highlighted");
  const firstValue = await page.textContent("#claims-table tbody tr td.num");
  check(/\d/.test(firstValue), `claim value "${firstValue}" is not a number`);

  step = "quotes and sources";
  check(await page.locator("#quotes .speaker-group").count() > 0, "no quotes grouped by speaker");
  check(await page.locator("#documents tbody tr").count() >= 2, "the story lists fewer than 2 documents");
  check(await page.locator("#story-chart svg rect").count() > 0, "no coverage bars");
  if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });

  step = "document with annotations";
  await page.locator("#documents tbody tr a").first().click();
  await ready("/doc/");
  const marked = await page.locator("#doc-text [class*='ann-']").count();
  check(marked > 5, `only ${marked} annotated spans in the document`);
  check(await page.locator("#doc-text .ann-date").count() > 0, "no dates highlighted");

  check(await page.locator("#copies h3").count() === 1, "no copies section on the document page");

  step = "copies and shared passages";
  const pairs = await (await fetch(`${base}/api/duplicates?limit=1`)).json();
  check(pairs.length === 1, "the sample corpus has no duplicate pair");
  await page.goto(`${base}/#/doc/${encodeURIComponent(pairs[0].a.id)}`);
  await ready(`/doc/${pairs[0].a.id}`);
  check(await page.locator("#copies tbody tr").count() >= 1, "the copies table is empty");
  check(await page.locator("#doc-text .ann-copy").count() > 0, "no shared passage highlighted");
  await page.locator(`#copies a[href='#/doc/${encodeURIComponent(pairs[0].b.id)}']`).click();
  await ready(`/doc/${pairs[0].b.id}`);
  check(await page.locator("#doc-text .ann-copy").count() > 0, "no shared passage highlighted in the other document");

  step = "entity page";
  await page.locator("#doc-text a[href^='#/entity/']").first().click();
  await ready("/entity/");
  check((await page.textContent("h1")).trim().length > 0, "entity without a name");

  step = "unknown story";
  await page.goto(`${base}/#/story/S999`);
  await ready("/story/S999");
  check(await page.locator("#main .error").count() === 1, "no error shown for an unknown story");
  problems.splice(0, problems.length, ...problems.filter((p) => !p.includes("404")));  // the expected 404 fetch

  step = "page errors";
  check(problems.length === 0, problems.join("\n"));
  console.log(`browser test: ok — ${stories.length} stories, ${hits} hits, story "${title}" with ${n} timeline items and ${rows} claim rows`);
} catch (e) {
  console.error(`browser test: FAIL — ${e.message}`);
  if (problems.length) console.error(problems.join("\n"));
  process.exitCode = 1;
} finally {
  await browser.close();
}
