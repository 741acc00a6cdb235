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
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
    const svg = page.locator("#diagram-viewport > svg");
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
    // Scrolling to an anchor lands on whole device pixels, so the top may
    // sit a fraction of a pixel above the viewport.
    assert.ok(rect && rect.y > -1 && rect.y < VIEWPORT.height, "the detail is scrolled into view");
    assert.doesNotMatch((await page.locator("#diagram-viewport > svg").getAttribute("class")) ?? "", /\bfocused\b/, "no script ran");
    await page.screenshot({ path: path.join(workDir, "no-script.png") });
    assert.deepEqual(problems, [], "no console errors or warnings, or outside requests");
  } finally {
    await browser.close();
  }
});

// ---------------------------------------------------------------------------
// Print: the seed report on A3 landscape, as Chromium prints it.

/** Text of PDF page `n` (1-based), read by poppler's pdftotext. */
function pdfPageText(file, n) {
  return execFileSync("pdftotext", ["-layout", "-f", String(n), "-l", String(n), file, "-"], { encoding: "utf8" });
}

/** Whether the poppler tools the print test reads the PDF with are installed. */
function havePoppler() {
  try {
    execFileSync("pdfinfo", ["-v"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const PRINT_PAGE_LIMIT = 15;

test("the report prints in at most 15 A3 landscape pages, the whole diagram on the first", async (t) => {
  if (!havePoppler()) {
    assert.ok(!process.env.CI, "pdfinfo not installed, and CI is set: .ci/run should have installed poppler-utils");
    t.skip("poppler-utils not installed");
    return;
  }
  const browser = await launch(t);
  if (!browser) return;
  try {
    const { page, problems } = await open(await browser.newContext({ viewport: VIEWPORT }));
    const pdf = path.join(workDir, "report.pdf");
    writeFileSync(pdf, await page.pdf({ format: "A3", landscape: true, printBackground: true }));
    const info = execFileSync("pdfinfo", [pdf], { encoding: "utf8" });
    const pages = Number(info.match(/^Pages:\s+(\d+)/m)[1]);
    const [, width, height] = info.match(/^Page size:\s+([\d.]+) x ([\d.]+) pts/m);
    assert.ok(Number(width) > Number(height), "landscape");
    assert.ok(Math.abs(Number(width) - 1190.55) < 2 && Math.abs(Number(height) - 841.89) < 2, `A3: ${width} x ${height}`);
    assert.ok(pages <= PRINT_PAGE_LIMIT, `${pages} pages > ${PRINT_PAGE_LIMIT}`);
    console.log(`the seed report prints in ${pages} A3 landscape pages`);

    // The whole diagram is on page 1: its column headings, every section band's label and
    // its legend (the last thing in the drawing) are all there, and nothing of it on page 2.
    const first = pdfPageText(pdf, 1).replace(/\s+/g, "");
    // Built-in column headings are in the model's language.
    const headings = model.language === "ja" ? ["前提", "インパクト", "凡例"] : ["Assumption", "Impact", "Legend"];
    for (const heading of headings) {
      assert.ok(first.includes(heading), `page 1 has the diagram's ${heading}`);
    }
    const sections = model.sections.map((s) => s.label);
    // Band labels are wrapped in a narrow label column: look for their first characters.
    for (const label of sections) {
      assert.ok(first.includes([...label.replace(/\s+/g, "")].slice(0, 4).join("")), `page 1 has the band ${label}`);
    }
    // Then one page per section, at a readable size, each with its own boxes.
    sections.forEach((label, i) => {
      const text = pdfPageText(pdf, 2 + i).replace(/\s+/g, "");
      assert.ok(text.includes(`ロジックモデル（区分ごと）—${label}`.replace(/\s+/g, "")), `page ${2 + i} is section ${label}`);
      // Labels are wrapped inside their boxes: look for their first characters.
      const start = (label) => [...label.replace(/\s+/g, "")].slice(0, 4).join("");
      const own = model.nodes.filter((n) => n.section === model.sections[i].id);
      const found = own.filter((n) => text.includes(start(n.label)));
      assert.ok(found.length >= own.length * 0.8, `page ${2 + i} shows the section's boxes (${found.length}/${own.length})`);
    });
    // The tables follow: every KPI and every work item is printed.
    let rest = "";
    for (let n = 2 + sections.length; n <= pages; n++) rest += pdfPageText(pdf, n);
    rest = rest.replace(/\s+/g, "");
    for (const kpi of model.kpis) {
      assert.ok(rest.includes(kpi.indicator.replace(/\s+/g, "").slice(0, 12)), `the KPI ${kpi.indicator} is printed`);
    }
    for (const item of model.work_items) {
      assert.ok(rest.includes(item.title.replace(/\s+/g, "").slice(0, 10)), `the work item ${item.title} is printed`);
    }
    if (process.env.LOGICMODEL_E2E_KEEP) {
      execFileSync("pdftoppm", ["-r", "40", "-png", pdf, path.join(workDir, "print")]);
    }
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});

// ---------------------------------------------------------------------------
// Screens: from a 390 px phone to a 1440 px desktop.

for (const [width, javaScriptEnabled] of [[390, true], [390, false], [360, true]]) {
  test(`at ${width} px the page does not scroll sideways (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async (t) => {
    const browser = await launch(t);
    if (!browser) return;
    try {
      const context = await browser.newContext({ viewport: { width, height: 800 }, javaScriptEnabled, isMobile: true, hasTouch: true });
      const { page, problems } = await open(context);
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(scrollWidth <= width, `scrollWidth ${scrollWidth} > ${width}`);
      // The diagram is fitted to the screen's width, whole.
      const svg = await page.locator("#diagram-viewport > svg").boundingBox();
      assert.ok(svg.x >= 0 && svg.x + svg.width <= width, `the diagram fits: ${JSON.stringify(svg)}`);
      // Wide tables scroll inside their box, never the page.
      for (const box of await page.locator(".table-scroll").all()) {
        const rect = await box.boundingBox();
        assert.ok(rect.x >= 0 && rect.x + rect.width <= width, "a table box fits the screen");
      }
      if (javaScriptEnabled) {
        // Zoomed in, the drawing scrolls inside its box; the page still does not.
        await page.locator('button[data-zoom="in"]').click();
        await page.locator('button[data-zoom="in"]').click();
        assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= width, "zoomed");
        // The panel opens as a sheet below, with the clicked box in sight above it.
        await page.locator(`#node-${CLICKED}`).click();
        const sheet = await page.locator("#panel").boundingBox();
        const box = await page.locator(`#node-${CLICKED}`).boundingBox();
        assert.ok(box.y >= 0 && box.y + box.height <= sheet.y, `the box is above the sheet: ${JSON.stringify({ box, sheet })}`);
      }
      await page.screenshot({ path: path.join(workDir, `phone-${width}-${javaScriptEnabled ? "js" : "nojs"}.png`) });
      assert.deepEqual(problems, []);
    } finally {
      await browser.close();
    }
  });
}

test("at 1440 px every column is in view, and zoom works by button, wheel and key", async (t) => {
  const browser = await launch(t);
  if (!browser) return;
  try {
    const { page, problems } = await open(await browser.newContext({ viewport: { width: 1440, height: 900 } }));
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 1440);
    const viewport = page.locator("#diagram-viewport");
    const svg = page.locator("#diagram-viewport > svg");
    const fitted = await svg.boundingBox();
    const box = await viewport.boundingBox();
    assert.ok(fitted.width <= box.width + 1, "fitted to the width: no column is cut off");
    const lastColumn = await page.locator('#diagram g.column-header[data-kind="impact"]').boundingBox();
    assert.ok(lastColumn.x + lastColumn.width <= box.x + box.width, "the impact column is in view");
    const tools = page.locator("#diagram-tools");
    assert.ok(await tools.isVisible(), "the zoom buttons show with JavaScript");
    const readout = tools.locator("output");
    const fitPercent = parseInt(await readout.textContent(), 10);
    assert.ok(fitPercent > 0 && fitPercent <= 100, `fit is ${fitPercent}%`);

    await tools.locator('button[data-zoom="in"]').click();
    const zoomed = await svg.boundingBox();
    assert.ok(zoomed.width > fitted.width * 1.2, "+ enlarges the drawing");
    const zoomedPercent = parseInt(await readout.textContent(), 10);
    assert.ok(Math.abs(zoomedPercent - fitPercent * 1.25) <= 1.5, `${fitPercent}% × 1.25 = ${zoomedPercent}%`);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 1440, "zoomed, it scrolls in its box");
    await tools.locator('button[data-zoom="actual"]').click();
    assert.equal(await readout.textContent(), "100%");
    assert.equal(await tools.locator('button[data-zoom="actual"]').getAttribute("aria-pressed"), "true");

    // Ctrl + wheel zooms around the pointer (a trackpad pinch arrives as the same event).
    const before = (await svg.boundingBox()).width;
    await page.mouse.move(box.x + box.width / 2, box.y + 200);
    await page.keyboard.down("Control");
    await page.mouse.wheel(0, 200);
    await page.keyboard.up("Control");
    await page.waitForFunction((w) => document.querySelector("#diagram-viewport > svg").getBoundingClientRect().width < w - 10, before);
    // Keyboard on the focused drawing: 0 fits again.
    await viewport.focus();
    await page.keyboard.press("0");
    assert.equal(await readout.textContent(), `${fitPercent}%`);
    assert.equal(await tools.locator('button[data-zoom="fit"]').getAttribute("aria-pressed"), "true");
    await page.screenshot({ path: path.join(workDir, "desktop-1440.png") });
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});

/** Whether two rectangles overlap. */
function overlap(a, b) {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

for (const viewport of [{ width: 1440, height: 900 }, { width: 1024, height: 768 }]) {
  test(`at ${viewport.width} px the details panel does not cover the chain it highlights`, async (t) => {
    const browser = await launch(t);
    if (!browser) return;
    try {
      const { page, problems } = await open(await browser.newContext({ viewport }));
      await page.locator(`#node-${CLICKED}`).click();
      const panel = await page.locator("#panel").boundingBox();
      const covered = [];
      for (const node of await page.locator("#diagram g.node.on-chain").all()) {
        const rect = await node.boundingBox();
        if (rect && overlap(rect, panel)) covered.push(await node.getAttribute("data-id"));
      }
      assert.deepEqual(covered, [], "highlighted boxes under the panel");
      const selected = await page.locator(`#node-${CLICKED}`).boundingBox();
      assert.ok(selected.y >= 0 && selected.y + selected.height <= viewport.height, "the clicked box stays in sight");
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= viewport.width);
      await page.screenshot({ path: path.join(workDir, `panel-${viewport.width}.png`) });
      assert.deepEqual(problems, []);
    } finally {
      await browser.close();
    }
  });
}

test("the check results name things by their labels, with positions only in a collapsed detail", async (t) => {
  const browser = await launch(t);
  if (!browser) return;
  try {
    const { page } = await open(await browser.newContext({ viewport: VIEWPORT }));
    const order = await page.$$eval("main > section", (sections) => sections.map((s) => s.id));
    assert.ok(order.indexOf("checks") > order.indexOf("diagram") && order.indexOf("checks") > order.indexOf("kpis"), `order: ${order}`);
    const checks = page.locator("#checks");
    const text = await checks.innerText();
    assert.match(text, /警告/);
    assert.doesNotMatch(text, /\bwarning\b|work-item-without-kpi|\d+:\d+|\d+ 行 \d+ 列/, "no English severity, code or position in sight");
    assert.ok(!text.includes("wi-maas"), "no ids in sight");
    const title = model.work_items.find((w) => w.id === "wi-maas").title;
    assert.ok(text.includes(title), "the work item's title");
    const details = checks.locator("details.technical").first();
    await details.locator("summary").click();
    assert.match(await details.innerText(), /work-item-without-kpi/);
    assert.match(await details.innerText(), /\d+ 行 \d+ 列/);
  } finally {
    await browser.close();
  }
});
