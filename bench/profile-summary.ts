/**
 * Where the CPU time goes: sums a V8 `.cpuprofile` by function (self time) and by module, so a bench
 * run can say what limits throughput.
 */

import fs from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

export function summarizeProfile(file: string, top = 15): string {
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as { nodes: ProfileNode[]; samples: number[] };
  const total = profile.samples.length || 1;
  const byFunction = new Map<string, number>();
  const byModule = new Map<string, number>();
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (hits === 0) continue;
    const url = node.callFrame.url.replace(/^file:\/\//, "");
    const module = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? (url.includes("/dist/server.mjs") ? "hermod (dist/server.mjs)" : url ? (url.startsWith("node:") ? "node core" : url.split("/").slice(-2).join("/")) : `(${node.callFrame.functionName || "program"})`);
    const fn = `${node.callFrame.functionName || "(anonymous)"} ${module}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + hits);
    byModule.set(module, (byModule.get(module) ?? 0) + hits);
  }
  const fmt = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => `  ${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`)
      .join("\n");
  return `CPU by module (self time):\n${fmt(byModule)}\nCPU by function (self time):\n${fmt(byFunction)}`;
}
