// Browser test of the lists a big story and a big entity answer in slices: against `kabar
// serve` on the corpus big-corpus.mjs writes (one story of 1,500 documents), each "show more"
// must fetch the next slice and append it, and the counts must add up. Fails on any page error.
//   node paging.test.mjs BASE_URL CHROMIUM_PATH
import { openBrowser } from "./harness.mjs";

const [base, executablePath] = process.argv.slice(2);
if (!base || !executablePath) {
  console.error("usage: node paging.test.mjs BASE_URL CHROMIUM_PATH");
  process.exit(2);
}

let step = "start";
function check(cond, message) {
  if (!cond) throw new Error(message);
}
const api = async (path) => (await fetch(`${base}${path}`)).json();

const { browser, page, problems } = await openBrowser(base, executablePath, { height: 1000, timeout: 20000 });
try {
  // Each page is opened fresh, so the previous route's ready marker cannot answer for it.
  const open = async (route) => {
    await page.goto("about:blank");
    await page.goto(`${base}/#${route}`);
    await page.waitForFunction((r) => (document.querySelector("#main").dataset.ready || "") === r, route);
  };
  const count = (selector) => page.locator(selector).count();
  const grows = (selector, above) => page.waitForFunction(([s, n]) => document.querySelectorAll(s).length > n, [selector, above]);

  step = "the big story";
  const stories = await api("/api/stories");
  const big = stories.reduce((a, b) => (b.documents > a.documents ? b : a));
  check(big.documents > 1000, `the generated corpus made no story of over 1,000 documents (largest: ${big.documents})`);
  const st = await api(`/api/stories/${big.id}`);
  await open(`/story/${big.id}`);

  step = "story documents";
  check(await count("#documents tbody tr") === 1000, "the story does not list its first 1,000 documents");
  check((await page.textContent("#more-documents")).includes(`of ${st.document_count.toLocaleString()}`), "no 'Showing 1,000 of …' line");
  await page.click("#more-documents button");
  await grows("#documents tbody tr", 1000);
  const shown = Math.min(st.document_count, 2000);
  check(await count("#documents tbody tr") === shown, `after "show more" ${await count("#documents tbody tr")} rows, expected ${shown}`);
  const links = await page.$$eval("#documents tbody tr a", (as) => as.map((a) => a.getAttribute("href")));
  check(new Set(links).size === shown, "a document is listed twice");

  step = "story speakers";
  check(st.speaker_count > 100, `only ${st.speaker_count} speakers`);
  check(await count("#quotes .speaker-group") === 100, "the story does not list its first 100 speakers");
  await page.click("#more-speakers button");
  await grows("#quotes .speaker-group", 100);
  check(await count("#quotes .speaker-group") === Math.min(st.speaker_count, 200), "the next speakers did not come");

  step = "one speaker's quotes";
  const top = page.locator("#quotes .speaker-group").first();
  check(st.quotes[0].count > 20 && await top.locator("blockquote").count() === 20, "the most quoted speaker does not show 20 quotes");
  await top.locator("p.more button").click();
  await page.waitForFunction(() => document.querySelector("#quotes .speaker-group").querySelectorAll("blockquote").length > 20);
  check(await top.locator("blockquote").count() === Math.min(st.quotes[0].count, 40), "the speaker's next quotes did not come");

  step = "the entity's quotes";
  const speaker = st.quotes[0].speaker_entity;
  check(speaker, "the most quoted speaker is no entity");
  const e = await api(`/api/entities/${speaker}`);
  check(e.quote_count > 200, `the speaker entity has only ${e.quote_count} quotes`);
  await open(`/entity/${speaker}`);
  check(await count("#entity-quotes blockquote") === 200, "the entity does not list its first 200 quotes");
  await page.click("#more-quotes button");
  await grows("#entity-quotes blockquote", 200);
  check(await count("#entity-quotes blockquote") === Math.min(e.quote_count, 400), "the entity's next quotes did not come");

  step = "the entity's documents";
  const place = st.entities.find((x) => x.documents > 1000);
  check(place, "no entity named in over 1,000 documents");
  await open(`/entity/${place.id}`);
  check(await count("#entity-documents li") === 1000, "the entity does not list its first 1,000 documents");
  await page.click("#more-documents button");
  await grows("#entity-documents li", 1000);
  check(await count("#entity-documents li") === Math.min(place.documents, 2000), "the entity's next documents did not come");

  step = "page errors";
  check(problems.length === 0, problems.join("\n"));
  console.log(`browser paging test: ok — story ${big.id} of ${st.document_count} documents, ${st.speaker_count} speakers`);
} catch (e) {
  console.error(`browser paging test: FAIL at ${step} — ${e.message}`);
  if (problems.length) console.error(problems.join("\n"));
  process.exitCode = 1;
} finally {
  await browser.close();
}
