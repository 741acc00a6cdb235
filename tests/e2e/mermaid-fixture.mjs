// Shared by the Mermaid tests: the models to export (the shipped ones and one
// written to break a careless escaper), and the export itself through the CLI.
//
// The CLI is `cargo run -q -p logicmodel-cli --`, or the binary named by
// LOGICMODEL_BIN.

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Labels, ids and a title that close quotes, open HTML, spell Mermaid keywords
 * and entities, or start comments, if an escaper lets them. */
export const TRICKY = {
  format: 1,
  title: 'Tricky: "quotes" # hash: colon --- dashes',
  sections: [{ id: "s-1", label: 'Band "one" <i>' }],
  nodes: [
    { id: "end", kind: "assumption", label: 'a"] --> evil["x', section: "s-1", to: ["o-x"] },
    { id: "o-x", kind: "input", label: "<script>alert(1)</script>", section: "s-1", to: ["x.y"] },
    { id: "x.y", kind: "activity", label: "<b>bold</b> &amp; #quot; #35;", to: ["a_b"] },
    { id: "a_b", kind: "output", label: "line one\nline two `code`", to: ["graph"] },
    { id: "graph", kind: "outcome", term: "short", label: "%% not a comment {curly} (round) [square]", to: ["style"] },
    { id: "style", kind: "outcome", term: "long", label: "「日本語」の箱：全角；", to: [{ node: "1st", confidence: "low" }] },
    { id: "1st", kind: "impact", label: "subgraph end click" },
  ],
};

/** Exports each model as Mermaid text: `{ name, model, text }`. */
export function exportAll() {
  const dir = mkdtempSync(path.join(tmpdir(), "logicmodel-mermaid-"));
  try {
    const trickyPath = path.join(dir, "tricky.json");
    writeFileSync(trickyPath, JSON.stringify(TRICKY));
    const files = [
      path.join(ROOT, "models", "gotsu-smart-city.json"),
      path.join(ROOT, "models", "community-food-bank.json"),
      trickyPath,
    ];
    const [program, ...args] = process.env.LOGICMODEL_BIN
      ? [process.env.LOGICMODEL_BIN]
      : ["cargo", "run", "-q", "-p", "logicmodel-cli", "--"];
    return files.map((file) => ({
      name: path.basename(file),
      model: JSON.parse(readFileSync(file, "utf8")),
      text: execFileSync(program, [...args, "export", file, "--format", "mermaid"], {
        cwd: ROOT,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
      }),
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The links of a model file as `[from, to]` pairs. */
export function links(model) {
  return model.nodes.flatMap((node) =>
    (node.to ?? []).map((link) => [node.id, typeof link === "string" ? link : link.node]),
  );
}

/** The subgraphs the export makes: per band (sections with boxes, then the
 * boxes without one) one per column used in it, plus the bands themselves
 * when the model has sections. */
export function expectedSubgraphs(model) {
  const stage = (n) => (n.kind === "outcome" ? `outcome_${n.term ?? "short"}` : n.kind);
  const bands = new Map();
  for (const node of model.nodes) {
    const band = node.section ?? "";
    if (!bands.has(band)) bands.set(band, new Set());
    bands.get(band).add(stage(node));
  }
  const columns = [...bands.values()].reduce((sum, set) => sum + set.size, 0);
  return (model.sections ?? []).length > 0 ? columns + bands.size : columns;
}
