import fs from "node:fs";
const p = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const filter = process.argv[3];
const total = p.samples.length;
const agg = new Map<string, number>();
for (const n of p.nodes) { if (!n.hitCount || !n.callFrame.url.includes(filter)) continue; const k = `${n.callFrame.functionName || "anon"}:${n.callFrame.lineNumber}`; agg.set(k, (agg.get(k) ?? 0) + n.hitCount); }
let sum = 0; for (const v of agg.values()) sum += v;
console.log("total in", filter, (100 * sum / total).toFixed(1) + "%");
for (const [k, v] of [...agg].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log((100 * v / total).toFixed(2) + "%", k);
