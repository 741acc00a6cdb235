// End-to-end test of `logicmodel report NEW --since OLD` in headless
// Chromium (playwright-core, as report.test.mjs): the seed's 第1.2版 report
// with the changes since 第1.1版. The changes section is reachable from the
// contents, shows the three new work items, and the diagram marks the new
// boxes with a visible 新規 badge; the page stays self-contained.
//
// Run: `npm ci --prefix tests/e2e && node --test tests/e2e/`. LOGICMODEL_BIN
// names the binary (else `cargo run`); CHROMIUM overrides /usr/bin/chromium.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const NEW = path.join(ROOT, "models", "gotsu-smart-city.json");
const OLD = path.join(ROOT, "models", "gotsu-smart-city-v1.1.json");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const NEW_WORK = ["リモート窓口", "救急医療ICTネットワーク整備", "電話改革"];

let workDir;
let reportPath;

before(() => {
  workDir = mkdtempSync(path.join(tmpdir(), "logicmodel-e2e-since-"));
  reportPath = path.join(workDir, "report.html");
  const [program, ...args] = process.env.LOGICMODEL_BIN
    ? [process.env.LOGICMODEL_BIN]
    : ["cargo", "run", "-q", "-p", "logicmodel-cli", "--"];
  execFileSync(program, [...args, "report", NEW, "--since", OLD, "-o", reportPath, "-q"], {
    cwd: ROOT,
    stdio: ["ignore", "inherit", "inherit"],
  });
});

after(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

test("the changes since 第1.1版 are in the report and marked in its diagram", async (t) => {
  const html = readFileSync(reportPath, "utf8");
  assert.match(html, /<section id="changes">/);
  if (!existsSync(CHROMIUM)) {
    assert.ok(!process.env.CI, `${CHROMIUM} not installed, and CI is set`);
    t.skip(`${CHROMIUM} not installed`);
    return;
  }
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
    headless: true,
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const problems = [];
    const url = pathToFileURL(reportPath).href;
    page.on("pageerror", (error) => problems.push(`exception: ${error.message}`));
    page.on("request", (request) => {
      if (request.url().split("#")[0] !== url) problems.push(`request: ${request.url()}`);
    });
    await page.goto(url);

    // The contents link to the section, and following it shows it.
    const link = page.locator('nav a[href="#changes"]');
    assert.equal(await link.textContent(), "前の版からの変更（第1.1版から）");
    await link.click();
    const section = page.locator("section#changes");
    assert.ok(await section.isVisible());
    const box = await section.locator("h2").boundingBox();
    assert.ok(box && box.y >= 0 && box.y < 900, "the heading is on screen after the link");
    for (const title of NEW_WORK) {
      assert.ok(await section.getByText(title, { exact: true }).first().isVisible(), `${title} listed`);
    }

    // The diagram: the new boxes carry a visible badge, changed ones theirs.
    const added = page.locator("#diagram g.node.added");
    assert.equal(await added.count(), 8, "the eight boxes 第1.2版 added");
    const badge = added.first().locator(".mark-badge");
    assert.ok(await badge.isVisible());
    assert.equal((await badge.textContent()).trim(), "新規");
    assert.ok((await page.locator("#diagram g.node.changed").count()) > 0);
    assert.ok(await page.locator("#diagram .marks-legend").isVisible());
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});
