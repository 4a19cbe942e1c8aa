// What the browser tests share: Debian's Chromium launched headless through playwright-core, and
// a page that records every page error, console error and request leaving the local server
// (the page must work offline) into `problems`.
import { chromium } from "playwright-core";

export async function openBrowser(base, executablePath, { height, timeout }) {
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    // Containers run as root, where Chromium's sandbox cannot start.
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
  const problems = [];
  const page = await browser.newPage({ viewport: { width: 1280, height } });
  page.setDefaultTimeout(timeout);
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => { if (m.type() === "error") problems.push(`console error: ${m.text()}`); });
  page.on("request", (r) => { if (!r.url().startsWith(base)) problems.push(`request outside the server: ${r.url()}`); });
  return { browser, page, problems };
}
