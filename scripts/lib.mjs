// Helpers shared by the build, start and test scripts.
import { execFileSync, spawnSync } from "node:child_process";
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
