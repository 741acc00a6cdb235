// The Mermaid export (`logicmodel export MODEL --format mermaid`) read by
// Mermaid's own parser, in Node: Mermaid needs a DOM even to parse, which
// jsdom gives it, so no browser is needed here. mermaid-render.test.mjs
// draws the same text in Chromium.
//
// Run: `npm ci --prefix tests/e2e && node --test tests/e2e/`.

import { test, before } from "node:test";
import assert from "node:assert/strict";
import { JSDOM } from "jsdom";

import { exportAll, expectedSubgraphs, links } from "./mermaid-fixture.mjs";

// The title (in the front matter, which only Mermaid's renderer reads) is
// checked in mermaid-render.test.mjs.
let exported;
let mermaid;

before(async () => {
  exported = exportAll();
  // Mermaid looks for `window` and `document` when it is loaded.
  const dom = new JSDOM("<!doctype html><html><body></body></html>");
  globalThis.window = dom.window;
  globalThis.document = dom.window.document;
  mermaid = (await import("mermaid")).default;
  mermaid.initialize({ startOnLoad: false });
});

/** The text Mermaid will show for a label it parsed: its entity placeholders
 * decoded as Mermaid's renderer does, then the HTML entities and `<br>`. */
function shown(text) {
  const html = text.replaceAll("ﬂ°°", "&#").replaceAll("ﬂ°", "&").replaceAll("¶ß", ";");
  const element = globalThis.document.createElement("div");
  element.innerHTML = html.replaceAll("<br>", "\n");
  return element.textContent;
}

test("Mermaid parses every export as a flowchart", async () => {
  for (const { name, text } of exported) {
    const parsed = await mermaid.parse(text);
    assert.equal(parsed.diagramType, "flowchart-v2", name);
  }
});

test("every box, link and band is there, with its text as written", async () => {
  for (const { name, model, text } of exported) {
    const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
    const db = diagram.db;
    const vertices = [...db.getVertices().values()];
    assert.equal(vertices.length, model.nodes.length, `${name}: boxes`);
    const labels = new Map(vertices.map((v) => [v.id, shown(v.text)]));
    const expectedLabels = model.nodes.map((n) => n.label).sort();
    assert.deepEqual([...labels.values()].sort(), expectedLabels, `${name}: labels`);
    const edges = db.getEdges();
    const expectedLinks = links(model);
    assert.equal(edges.length, expectedLinks.length, `${name}: links`);
    // Links keep the model's order, so the n-th edge joins the n-th link's boxes.
    const byId = new Map(model.nodes.map((n) => [n.id, n.label]));
    edges.forEach((edge, i) => {
      const [from, to] = expectedLinks[i];
      assert.equal(labels.get(edge.start), byId.get(from), `${name}: link ${i} source`);
      assert.equal(labels.get(edge.end), byId.get(to), `${name}: link ${i} target`);
    });
    assert.equal(db.getSubGraphs().length, expectedSubgraphs(model), `${name}: subgraphs`);
  }
});

test("a low-confidence link is dotted, the others solid", async () => {
  const tricky = exported.find((e) => e.name === "tricky.json");
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(tricky.text);
  const strokes = diagram.db.getEdges().map((e) => e.stroke);
  assert.deepEqual(strokes, ["normal", "normal", "normal", "normal", "normal", "dotted"]);
});
