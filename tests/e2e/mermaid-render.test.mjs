// The Mermaid export drawn by Mermaid in Chromium, as GitHub or Obsidian
// would draw it: every box shows its label as written (no HTML from a label
// becomes an element), and nothing fails in the page.
//
// Run: `npm ci --prefix tests/e2e && node --test tests/e2e/`. CHROMIUM
// overrides /usr/bin/chromium; LOGICMODEL_E2E_KEEP=1 keeps the screenshots.

import { test, before } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";

import { exportAll } from "./mermaid-fixture.mjs";

const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"];
const MERMAID_SCRIPT = createRequire(import.meta.url).resolve("mermaid/dist/mermaid.min.js");

let exported;

before(() => {
  exported = exportAll();
});

test("Chromium draws every export with each label as written", async (t) => {
  if (!existsSync(CHROMIUM)) {
    assert.ok(!process.env.CI, `${CHROMIUM} not installed, and CI is set: .ci/run should have installed it`);
    t.skip(`${CHROMIUM} not installed`);
    return;
  }
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  const keep = process.env.LOGICMODEL_E2E_KEEP ? mkdtempSync(path.join(tmpdir(), "logicmodel-mermaid-")) : null;
  try {
    for (const { name, model, text } of exported) {
      const page = await browser.newPage({ viewport: { width: 1600, height: 1200 } });
      const problems = [];
      page.on("pageerror", (error) => problems.push(`exception: ${error.message}`));
      page.on("console", (m) => m.type() === "error" && problems.push(`console.error: ${m.text()}`));
      await page.setContent("<!doctype html><html><head><meta charset='utf-8'></head><body><div id='out'></div></body></html>");
      await page.addScriptTag({ path: MERMAID_SCRIPT });
      const drawn = await page.evaluate(async (source) => {
        // maxEdges is raised from Mermaid's default of 500 so that the test
        // does not depend on the size of the models.
        window.mermaid.initialize({ startOnLoad: false, maxEdges: 2000, securityLevel: "strict" });
        const { svg } = await window.mermaid.render("diagram", source);
        document.getElementById("out").innerHTML = svg;
        const root = document.querySelector("#out svg");
        const labels = [...root.querySelectorAll("g.node")].map((g) => g.textContent.trim());
        return {
          title: root.querySelector(".flowchartTitleText")?.textContent,
          labels,
          edges: root.querySelectorAll("g.edgePaths path, path.flowchart-link").length,
          injected: root.querySelectorAll("script, b, i, iframe").length,
        };
      }, text);
      assert.deepEqual(problems, [], `${name}: page problems`);
      assert.equal(drawn.title, model.title, `${name}: title`);
      assert.equal(drawn.labels.length, model.nodes.length, `${name}: drawn boxes`);
      // A line break is drawn as a new line, which textContent does not show.
      const expected = model.nodes.map((n) => n.label.replaceAll("\n", "")).sort();
      assert.deepEqual(drawn.labels.sort(), expected, `${name}: labels as written`);
      assert.ok(drawn.edges >= 1, `${name}: links drawn`);
      assert.equal(drawn.injected, 0, `${name}: no element from label text`);
      if (keep) await page.screenshot({ path: path.join(keep, `${name}.png`), fullPage: true });
      await page.close();
    }
  } finally {
    await browser.close();
    if (keep) console.log(`kept ${keep}`);
  }
});
