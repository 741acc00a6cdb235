// ELK Layered (elkjs) as a peer of `logicmodel-bench render`.
//
//   node benches/elk/layout.mjs GRAPH.json OUT.json RUNS
//
// Lays out the ELK JSON graph GRAPH.json RUNS times in this process and
// writes OUT.json: the CPU and wall-clock time of every run (around the
// `layout` call, so Node's start and reading the file are not counted),
// and the last run's node boxes and edge polylines. The first run includes
// compiling ELK's code; the bench reports the fastest.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ELK = require('elkjs/lib/elk.bundled.js');

const [input, output, runsText] = process.argv.slice(2);
const runs = Math.max(1, Number.parseInt(runsText ?? '1', 10) || 1);
const text = readFileSync(input, 'utf8');
const elk = new ELK();
const cpuMs = [];
const wallMs = [];
let result;
for (let run = 0; run < runs; run += 1) {
  // Every run lays out a fresh copy: ELK writes its result into the graph.
  const graph = JSON.parse(text);
  const before = process.cpuUsage();
  const start = performance.now();
  result = await elk.layout(graph);
  wallMs.push(performance.now() - start);
  const spent = process.cpuUsage(before);
  cpuMs.push((spent.user + spent.system) / 1000);
}
const nodes = result.children.map((n) => [n.id, n.x, n.y, n.width, n.height]);
const edges = result.edges.map((e) => {
  const points = [];
  for (const section of e.sections ?? []) {
    points.push(section.startPoint, ...(section.bendPoints ?? []), section.endPoint);
  }
  return [e.id, points.map((p) => [p.x, p.y])];
});
writeFileSync(output, JSON.stringify({ cpu_ms: cpuMs, wall_ms: wallMs, nodes, edges }));
