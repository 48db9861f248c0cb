// Helpers shared by the build, start and test scripts.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";

/** Runs a command with inherited stdio; exits this process with its status if it fails. */
export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: "inherit", ...opts });
  if (r.status !== 0) {
    console.error(`${cmd} ${args.join(" ")} failed (${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
}

/**
 * Runs commands at the same time, each line of their output prefixed with the job's name; resolves
 * once all have ended, then exits this process with the first failure's status if any failed.
 */
export async function runConcurrently(jobs) {
  const results = await Promise.all(
    jobs.map(
      ({ name, cmd, args, env }) =>
        new Promise((resolve) => {
          const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"], env });
          for (const [from, to] of [[child.stdout, process.stdout], [child.stderr, process.stderr]]) {
            let rest = "";
            from.setEncoding("utf8");
            from.on("data", (chunk) => {
              const lines = (rest + chunk).split("\n");
              rest = lines.pop();
              for (const line of lines) if (line.trim() !== "") to.write(`[${name}] ${line}\n`);
            });
            from.on("end", () => rest && to.write(`[${name}] ${rest}\n`));
          }
          child.on("error", (err) => resolve({ name, status: 1, why: err.message }));
          child.on("close", (status, signal) => resolve({ name, status: status ?? 1, why: signal ?? `exit ${status}` }));
        }),
    ),
  );
  const failed = results.filter((r) => r.status !== 0);
  for (const r of failed) console.error(`${r.name} failed (${r.why})`);
  if (failed.length > 0) process.exit(failed[0].status);
}

/** Identifies the sources a build was made from: the git commit plus uncommitted changes. */
export function buildStamp() {
  try {
    const head = execFileSync("git", ["rev-parse", "HEAD"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    return `${head}:${createHash("sha1").update(dirty).digest("hex").slice(0, 12)}`;
  } catch {
    return "no-git";
  }
}

/** True when dist/ and .next/ hold a build of the current sources. */
export function buildIsCurrent() {
  if (!fs.existsSync("dist/server.mjs") || !fs.existsSync(".next/BUILD_ID") || !fs.existsSync("dist/build-stamp")) return false;
  return fs.readFileSync("dist/build-stamp", "utf8") === buildStamp();
}
