// End-to-end test of the HTML report (`logicmodel report MODEL -o report.html`)
// in a real headless browser: Debian's Chromium, driven by playwright-core.
//
// Why Playwright and not a Rust driver crate: `headless_chrome` works with
// Debian's Chromium here, but its dependency tree (generated DevTools protocol
// bindings, plus rustls/ring/ureq pulled in at build time even with the
// `offline` feature) costs ~400 s of CPU on a clean build of a 2-core machine,
// in both the clippy and the test profile. playwright-core is one npm package
// with no dependencies and no install script (it never downloads a browser),
// and installs in about a second.
//
// Run: `npm ci --prefix tests/e2e && node --test tests/e2e/` (from the
// repository root; `.ci/run` does this after the cargo tests).
// The report is built with `cargo run -p logicmodel-cli`, or with the binary
// named by LOGICMODEL_BIN. CHROMIUM overrides /usr/bin/chromium.
// LOGICMODEL_E2E_KEEP=1 keeps the temporary folder (report + screenshots).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const MODEL_PATH = path.join(ROOT, "models", "gotsu-smart-city.json");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
// The box the test clicks: an activity with a chain to several impacts.
const CLICKED = "a-online-app";

const model = JSON.parse(readFileSync(MODEL_PATH, "utf8"));
let workDir;
let reportPath;
let html;

before(() => {
  workDir = mkdtempSync(path.join(tmpdir(), "logicmodel-e2e-"));
  reportPath = path.join(workDir, "report.html");
  const [program, ...args] = process.env.LOGICMODEL_BIN
    ? [process.env.LOGICMODEL_BIN]
    : ["cargo", "run", "-q", "-p", "logicmodel-cli", "--"];
  execFileSync(program, [...args, "report", MODEL_PATH, "-o", reportPath], {
    cwd: ROOT,
    stdio: ["ignore", "inherit", "inherit"],
  });
  html = readFileSync(reportPath, "utf8");
});

after(() => {
  if (!workDir) return;
  if (process.env.LOGICMODEL_E2E_KEEP) {
    console.log(`kept ${workDir}`);
  } else {
    rmSync(workDir, { recursive: true, force: true });
  }
});

// ---------------------------------------------------------------------------
// Without a browser: structure and colour contrast read off the HTML text.

/** WCAG 2 relative luminance of `#rgb` or `#rrggbb`. */
function luminance(hex) {
  let h = hex.replace("#", "");
  if (h.length === 3) h = [...h].map((c) => c + c).join("");
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(h.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio of two colours (1 to 21). */
function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

test("the report has a language, one h1, headings in order and titled boxes", () => {
  assert.match(html, /<html lang="ja">/, "the seed model is Japanese");
  const headings = [...html.matchAll(/<h([1-6])[\s>]/g)].map((m) => Number(m[1]));
  assert.equal(headings.filter((h) => h === 1).length, 1, "exactly one h1");
  assert.equal(headings[0], 1, "the first heading is the h1");
  headings.reduce((previous, level) => {
    assert.ok(level <= previous + 1, `heading h${level} follows h${previous}: a level is skipped`);
    return level;
  });
  const svg = html.slice(html.indexOf("<svg"), html.indexOf("</svg>"));
  assert.match(svg, /^<svg[^>]*>\s*<title>[^<]+<\/title>\s*<desc>[^<]+<\/desc>/, "the SVG starts with title and desc");
  const boxes = [...svg.matchAll(/<g class="node [^"]*"[^>]*>\s*<title>([^<]*)<\/title>/g)];
  assert.equal(boxes.length, model.nodes.length, "every box has a <title> (its tooltip)");
  for (const img of html.match(/<img\b[^>]*>/g) ?? []) {
    assert.match(img, /\balt="/, `${img} has alt text`);
  }
});

test("the palette has enough contrast (WCAG 2: text 4.5:1, graphics 3:1)", () => {
  const white = "#ffffff";
  const style = html.slice(html.indexOf("<style>"), html.indexOf("</style>"));
  // Every text colour of the page is drawn on white (or the near-white table
  // header, #eef3f7, which only makes contrast of dark text slightly lower).
  for (const [, colour] of style.matchAll(/(?:^|[\s;{])color:\s*(#[0-9a-fA-F]{3,6})/g)) {
    for (const background of [white, "#eef3f7"]) {
      const ratio = contrast(colour, background);
      assert.ok(ratio >= 4.5, `text ${colour} on ${background}: ${ratio.toFixed(2)}:1 < 4.5:1`);
    }
  }
  for (const [, colour] of style.matchAll(/(?:outline|border(?:-[a-z]+)?|stroke):[^;}]*?(#[0-9a-fA-F]{3,6})/g)) {
    if (colour.toLowerCase() === "#d0d0d0") continue; // table rules: decoration, not information
    const ratio = contrast(colour, white);
    assert.ok(ratio >= 3, `line ${colour} on white: ${ratio.toFixed(2)}:1 < 3:1`);
  }
  // In the diagram: box labels on their fill, box outlines and arrows on white.
  const svg = html.slice(html.indexOf("<svg"), html.indexOf("</svg>"));
  const boxes = [...svg.matchAll(/<g class="node [^"]*"[^>]*>[\s\S]*?<\/g>/g)].map((m) => m[0]);
  assert.ok(boxes.length > 0);
  for (const box of boxes) {
    const rect = box.match(/<rect[^>]*fill="(#[0-9a-fA-F]{6})"[^>]*stroke="(#[0-9a-fA-F]{6})"/);
    assert.ok(rect, `box has a fill and a stroke: ${box.slice(0, 120)}`);
    const [, fill, stroke] = rect;
    for (const [, ink] of box.matchAll(/<text[^>]*fill="(#[0-9a-fA-F]{6})"/g)) {
      const ratio = contrast(ink, fill);
      assert.ok(ratio >= 4.5, `label ${ink} on box ${fill}: ${ratio.toFixed(2)}:1`);
    }
    assert.ok(contrast(stroke, white) >= 3, `box outline ${stroke} on white`);
  }
  for (const [, colour] of svg.matchAll(/<g class="edge"[^>]*>\s*<path[^>]*stroke="(#[0-9a-fA-F]{6})"/g)) {
    assert.ok(contrast(colour, white) >= 3, `arrow ${colour} on white`);
  }
});

// ---------------------------------------------------------------------------
// In Chromium.

/** Launches Chromium, or returns null (and skips `t`) when it is not installed.
 * Playwright gives each launch a fresh, empty profile (user data dir). */
async function launch(t) {
  if (!existsSync(CHROMIUM)) {
    // CI installs chromium (.ci/run), so there a missing browser is a failure.
    assert.ok(!process.env.CI, `${CHROMIUM} not installed, and CI is set: .ci/run should have installed it`);
    console.log(`skipped: ${CHROMIUM} not installed`);
    t.skip(`skipped: ${CHROMIUM} not installed`);
    return null;
  }
  const { chromium } = await import("playwright-core");
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

const VIEWPORT = { width: 1400, height: 900 };

/** Opens the report in a new page of `context`, recording console errors, page errors and
 * any request that leaves the file (the report must be self-contained). */
async function open(context) {
  const page = await context.newPage();
  const problems = [];
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") {
      problems.push(`console.${message.type()}: ${message.text()}`);
    }
  });
  page.on("pageerror", (error) => problems.push(`exception: ${error.message}`));
  const url = pathToFileURL(reportPath).href;
  page.on("request", (request) => {
    if (request.url().split("#")[0] !== url) problems.push(`request: ${request.url()}`);
  });
  await page.goto(url);
  return { page, problems, url };
}

/** Ids of the boxes upstream and downstream of `start`, by the model's links. */
function chainOf(start) {
  const down = new Map();
  const up = new Map();
  for (const node of model.nodes) {
    for (const link of node.to ?? []) {
      const to = typeof link === "string" ? link : link.node;
      if (!down.has(node.id)) down.set(node.id, []);
      if (!up.has(to)) up.set(to, []);
      down.get(node.id).push(to);
      up.get(to).push(node.id);
    }
  }
  const reach = (adjacency) => {
    const seen = new Set([start]);
    const queue = [start];
    while (queue.length) {
      for (const next of adjacency.get(queue.shift()) ?? []) {
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    return seen;
  };
  return new Set([...reach(down), ...reach(up)]);
}

test("with JavaScript, clicking a box opens its detail and highlights its chains", async (t) => {
  const browser = await launch(t);
  if (!browser) return;
  try {
    const { page, problems } = await open(await browser.newContext({ viewport: VIEWPORT }));
    assert.equal(await page.title(), model.title);
    assert.equal(await page.locator("h1").count(), 1);
    assert.ok((await page.locator("h2").count()) >= 6, "a heading per section");
    const svg = page.locator("#diagram svg");
    assert.equal(await svg.count(), 1);
    assert.equal(await svg.locator(":scope > title").textContent(), model.title);
    assert.ok((await svg.locator(":scope > desc").textContent()).length > 0, "the SVG has a desc");
    assert.equal(await page.locator("img:not([alt])").count(), 0, "every img has alt text");
    assert.equal(
      await page.locator('[role="img"]:not([aria-label]):not(svg)').count(),
      0,
      "every role=img has a name",
    );
    assert.ok(await page.locator("#panel").isHidden(), "the panel starts hidden");

    const node = model.nodes.find((n) => n.id === CLICKED);
    assert.ok(node, `${CLICKED} is in the seed model`);
    const box = page.locator(`#node-${CLICKED}`);
    await box.click();

    const panel = page.locator("#panel");
    assert.ok(await panel.isVisible(), "the panel opens");
    assert.equal(await panel.getAttribute("data-node"), CLICKED);
    const panelText = await panel.locator(".panel-body").innerText();
    for (const line of node.label.split("\n")) {
      assert.ok(panelText.includes(line), `the panel shows the label "${line}"`);
    }
    assert.ok(panelText.includes(CLICKED), "the panel shows the id");
    assert.match(await box.getAttribute("class"), /\bselected\b/);
    assert.match(await svg.getAttribute("class"), /\bfocused\b/);

    const onChain = new Set(await page.$$eval("#diagram g.node.on-chain", (gs) => gs.map((g) => g.dataset.id)));
    const offChain = await page.locator("#diagram g.node:not(.on-chain)").count();
    const edgesOn = await page.locator("#diagram g.edge.on-chain").count();
    assert.ok(edgesOn > 0, "some arrows are on the chain");
    assert.ok(offChain > 0, "some boxes are not on the chain: the highlight filters");
    assert.deepEqual([...onChain].sort(), [...chainOf(CLICKED)].sort(), "the highlighted boxes are the model's chain");
    const badEdges = await page.$$eval("#diagram g.edge.on-chain", (gs) =>
      gs
        .filter((g) => {
          const end = (id) => document.querySelector(`#diagram g.node[data-id="${CSS.escape(id)}"]`);
          return !end(g.dataset.from).classList.contains("on-chain") || !end(g.dataset.to).classList.contains("on-chain");
        })
        .map((g) => `${g.dataset.from}->${g.dataset.to}`),
    );
    assert.deepEqual(badEdges, [], "every highlighted arrow joins highlighted boxes");
    // The click is handled by the script: the page stays where it is.
    assert.equal(new URL(page.url()).hash, "");

    await page.screenshot({ path: path.join(workDir, "clicked.png") });

    await page.keyboard.press("Escape");
    assert.ok(await panel.isHidden(), "Escape closes the panel");
    assert.doesNotMatch((await svg.getAttribute("class")) ?? "", /\bfocused\b/);
    assert.equal(await page.locator("#diagram .selected, #diagram .on-chain").count(), 0);

    // Keyboard: Tab reaches a box (its link); Enter opens the same panel.
    await page.locator(`a[href="#detail-${CLICKED}"]`).first().focus();
    await page.keyboard.press("Enter");
    assert.ok(await panel.isVisible(), "Enter on a focused box opens the panel");
    assert.equal(await panel.getAttribute("data-node"), CLICKED);
    assert.equal(new URL(page.url()).hash, "");
    await page.locator("#panel .close").click();
    assert.ok(await panel.isHidden(), "the close button closes the panel");

    assert.deepEqual(problems, [], "no console errors or warnings, exceptions or outside requests");
  } finally {
    await browser.close();
  }
});

test("without JavaScript, the report is readable and a box links to its detail", async (t) => {
  const browser = await launch(t);
  if (!browser) return;
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: VIEWPORT });
    const { page, problems } = await open(context);
    assert.equal(await page.title(), model.title);
    assert.equal(await page.locator("#kpis table tbody tr").count(), model.kpis.length, "a row per KPI");
    assert.equal(await page.locator("#details article.node-detail").count(), model.nodes.length, "an article per box");
    assert.ok(await page.locator("#panel").isHidden(), "the panel stays hidden");

    await page.locator(`#node-${CLICKED}`).click();
    await page.waitForURL((url) => url.hash === `#detail-${CLICKED}`);
    const detail = page.locator(`#detail-${CLICKED}`);
    assert.ok(await detail.isVisible());
    const rect = await detail.boundingBox();
    assert.ok(rect && rect.y >= 0 && rect.y < VIEWPORT.height, "the detail is scrolled into view");
    assert.doesNotMatch((await page.locator("#diagram svg").getAttribute("class")) ?? "", /\bfocused\b/, "no script ran");
    await page.screenshot({ path: path.join(workDir, "no-script.png") });
    assert.deepEqual(problems, [], "no console errors or warnings, or outside requests");
  } finally {
    await browser.close();
  }
});
