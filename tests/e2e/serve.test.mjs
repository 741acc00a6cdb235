// End-to-end test of the live preview (`logicmodel serve FILE --port 0`) in Debian's
// Chromium, driven by playwright-core: load the page, edit the file, see the change
// without reloading (zoom and scroll kept), break the file, see the problems beside the
// last good diagram, fix it, see it recover.
//
// Run: `npm ci --prefix tests/e2e && node --test tests/e2e/` (from the repository root).
// The server is `cargo run -p logicmodel-cli -- serve`, or the binary named by
// LOGICMODEL_BIN. CHROMIUM overrides /usr/bin/chromium. LOGICMODEL_E2E_KEEP=1 keeps
// the temporary folder (model copy and screenshots).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SEED = path.join(ROOT, "models", "gotsu-smart-city.json");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];
// How long the test waits for the page to follow a save. The goal is a second; the
// figure is printed here and measured in the benchmark (benches/, see docs/serve.md),
// not asserted, since a shared CI machine's load is no measure of the code.
const UPDATE_TIMEOUT_MS = 10_000;

let workDir;
let modelPath;
let server;
let url;
let serverLog = "";

/** Starts `logicmodel serve FILE` on a free port; resolves with the process, its URL and
 * a function returning what it printed on stderr so far. */
function serve(file) {
  const [program, ...args] = process.env.LOGICMODEL_BIN
    ? [process.env.LOGICMODEL_BIN]
    : ["cargo", "run", "-q", "-p", "logicmodel-cli", "--"];
  const child = spawn(program, [...args, "serve", file, "--port", "0"], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stderr.on("data", (chunk) => { log += chunk; });
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`no URL after 300 s:\n${log}`)), 300_000);
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const match = out.match(/^(http:\/\/127\.0\.0\.1:\d+\/)$/m);
      if (match) {
        clearTimeout(timer);
        // The line saying what is served comes on stderr; wait for it too.
        const ready = () => (/Ctrl-C stops/.test(log) ? resolve({ child, url: match[1], log: () => log }) : setTimeout(ready, 20));
        ready();
      }
    });
    child.on("exit", (code) => reject(new Error(`serve exited with ${code}:\n${log}`)));
  });
}

/** Resolves when the server ends, with its exit code. */
function stop(child) {
  const ended = new Promise((resolve) => child.on("exit", (code) => resolve(code)));
  child.kill("SIGINT");
  return ended;
}

async function startServer() {
  const started = await serve(modelPath);
  server = started.child;
  serverLog = "";
  server.stderr.on("data", (chunk) => { serverLog += chunk; });
  serverLog = started.log();
  return started.url;
}

before(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), "logicmodel-serve-e2e-"));
  modelPath = path.join(workDir, "plan.json");
  copyFileSync(SEED, modelPath);
  url = await startServer();
});

after(async () => {
  if (server && server.exitCode === null) {
    const code = await stop(server);
    assert.equal(code, 0, `Ctrl-C ends serve with status 0:\n${serverLog}`);
    assert.match(serverLog, /stopped/);
  }
  if (!workDir) return;
  if (process.env.LOGICMODEL_E2E_KEEP) console.log(`kept ${workDir}`);
  else rmSync(workDir, { recursive: true, force: true });
});

/** Saves the model the way editors do: a new file renamed over the old one. */
function save(text) {
  const temporary = path.join(workDir, ".plan.json.tmp");
  writeFileSync(temporary, text);
  renameSync(temporary, modelPath);
}

test("serve prints its URL, says it is loopback only, and answers a plain fetch with the whole page", async () => {
  assert.match(serverLog, /only this machine can connect \(loopback\)/);
  assert.match(serverLog, new RegExp(url.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")));
  const response = await fetch(url);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("cache-control"), "no-store");
  const page = await response.text();
  assert.match(page, /<svg id="lm-diagram"/, "the diagram is inline");
  assert.match(page, /<section id="checks"/);
  assert.match(page, /<section id="kpis"/);
  // Nothing but the page and its event stream is served; no file from disk.
  for (const other of ["/plan.json", "/../plan.json", "/models/gotsu-smart-city.json", "/favicon.ico", "/%2e%2e/etc/passwd"]) {
    assert.equal((await fetch(new URL(other, url))).status, 404, other);
  }
  assert.equal((await fetch(url, { method: "POST", body: "x" })).status, 405);
});

async function launch(t) {
  if (!existsSync(CHROMIUM)) {
    assert.ok(!process.env.CI, `${CHROMIUM} not installed, and CI is set: .ci/run should have installed it`);
    t.skip(`${CHROMIUM} not installed`);
    return null;
  }
  const { chromium } = await import("playwright-core");
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

test("the open page follows edits, keeps zoom and scroll, shows problems beside the last good diagram, and recovers", async (t) => {
  const browser = await launch(t);
  if (!browser) return;
  const seed = readFileSync(SEED, "utf8");
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const problems = [];
    page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") problems.push(m.text()); });
    page.on("pageerror", (e) => problems.push(e.message));
    page.on("request", (r) => { if (!r.url().startsWith(url)) problems.push(`request: ${r.url()}`); });
    await page.goto(url);
    await page.waitForFunction(() => !document.querySelector("#diagram-tools").hidden);
    const live = page.locator("#live");
    const firstVersion = Number(await live.getAttribute("data-version"));

    // Zoom in and scroll the drawing; select a box.
    await page.click('button[data-zoom="in"]');
    await page.click('button[data-zoom="in"]');
    const zoom = await page.locator("#diagram-tools output").textContent();
    await page.locator("#diagram-viewport").evaluate((v) => { v.scrollLeft = 250; v.scrollTop = 300; });
    const scroll = await page.locator("#diagram-viewport").evaluate((v) => [v.scrollLeft, v.scrollTop]);
    await page.evaluate(() => window.scrollTo(0, 200));
    await page.screenshot({ path: path.join(workDir, "serve-before.png") });

    // 1. Edit a label; the page changes by itself, within a second.
    const started = Date.now();
    save(seed.replace('"label": "リモート窓口"', '"label": "リモート窓口（本庁・支所）"'));
    await page.waitForFunction(() => document.querySelector("#diagram-viewport svg").textContent.includes("リモート窓口（本庁・支所）"), null, { timeout: UPDATE_TIMEOUT_MS });
    console.log(`the page followed the save in ${Date.now() - started} ms`);
    assert.ok(Number(await live.getAttribute("data-version")) > firstVersion);
    assert.equal(await page.locator("#diagram-tools output").textContent(), zoom, "zoom kept");
    assert.deepEqual(await page.locator("#diagram-viewport").evaluate((v) => [v.scrollLeft, v.scrollTop]), scroll, "scroll kept");
    assert.equal(await page.evaluate(() => window.scrollY), 200, "page scroll kept");
    assert.equal(await page.locator("#problems").count(), 0);

    // 2. Break the file: its problems show, and the last good diagram stays beside them.
    save(seed.slice(0, seed.indexOf('"nodes"') + 20));
    await page.locator("#problems").waitFor({ timeout: UPDATE_TIMEOUT_MS });
    const problemsBox = await page.locator("#problems").boundingBox();
    const text = await page.locator("#problems").innerText();
    assert.match(text, /ファイルを読み込めません/);
    assert.match(text, /エラー/);
    assert.ok(await page.locator("#diagram-viewport svg").isVisible(), "the last good diagram stays");
    assert.ok((await page.locator("#diagram-viewport svg").textContent()).includes("リモート窓口（本庁・支所）"), "the last good version");
    assert.match(await page.locator("#diagram").getAttribute("class"), /stale/);
    const diagramBox = await page.locator("#diagram-viewport").boundingBox();
    assert.ok(problemsBox.x + problemsBox.width <= diagramBox.x, "beside it, on the left");
    assert.ok(problemsBox.y < 900 && diagramBox.y < 900, "both in sight");
    assert.equal(await page.locator("#diagram-tools output").textContent(), zoom, "zoom kept");
    // A plain fetch sees the same state.
    assert.match(await (await fetch(url)).text(), /id="problems"/);
    await page.screenshot({ path: path.join(workDir, "serve-broken.png") });

    // 3. Fix it: the problems go, the new drawing comes.
    save(seed.replace('"label": "リモート窓口"', '"label": "リモート窓口（再開）"'));
    await page.waitForFunction(() => !document.getElementById("problems")
      && document.querySelector("#diagram-viewport svg").textContent.includes("リモート窓口（再開）"), null, { timeout: UPDATE_TIMEOUT_MS });
    assert.doesNotMatch((await page.locator("#diagram").getAttribute("class")) ?? "", /stale/);
    assert.ok(await page.locator("#checks").isVisible());
    assert.equal(await page.locator("#diagram-tools output").textContent(), zoom, "zoom kept");
    await page.screenshot({ path: path.join(workDir, "serve-fixed.png") });

    // 4. A phone: no sideways scroll, problems above the diagram.
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await phone.goto(url);
    assert.ok(await phone.evaluate(() => document.documentElement.scrollWidth) <= 390);
    await phone.screenshot({ path: path.join(workDir, "serve-phone.png") });
    assert.deepEqual(problems, [], "no console errors, exceptions or outside requests");
  } finally {
    await browser.close();
    save(seed);
  }
});

test("the server refuses pages loaded under another name (DNS rebinding)", async () => {
  const { request } = await import("node:http");
  const status = await new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = request({ host: target.hostname, port: target.port, path: "/", headers: { Host: "attacker.example" } }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on("error", reject);
    req.end();
  });
  assert.equal(status, 421);
});

test("a file that has never loaded shows its problems, then its first drawing when it does", async (t) => {
  const browser = await launch(t);
  if (!browser) return;
  const file = path.join(workDir, "new.json");
  writeFileSync(file, "{\"format\": 1,");
  const started = await serve(file);
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(started.url);
    assert.ok(await page.locator("#problems").isVisible());
    assert.equal(await page.locator("#diagram-viewport").count(), 0, "no drawing yet");
    const fixed = readFileSync(SEED, "utf8");
    const temporary = path.join(workDir, ".new.json.tmp");
    writeFileSync(temporary, fixed);
    renameSync(temporary, file);
    await page.waitForFunction(() => document.querySelector("#diagram-viewport svg") && !document.getElementById("problems"), null, { timeout: UPDATE_TIMEOUT_MS });
    await page.waitForFunction(() => !document.querySelector("#diagram-tools").hidden, null, { timeout: UPDATE_TIMEOUT_MS });
    const before = parseInt(await page.locator("#diagram-tools output").textContent(), 10);
    await page.click('button[data-zoom="in"]');
    const after = parseInt(await page.locator("#diagram-tools output").textContent(), 10);
    assert.ok(after > before, `zoom works on the first drawing: ${before}% → ${after}%`);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    assert.equal(await stop(started.child), 0);
  }
});
