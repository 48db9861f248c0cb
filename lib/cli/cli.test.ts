/** The `hermod` command as operators run it: bin/hermod.mjs in a child process, on fixture files. */

import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");
const BIN = path.join(ROOT, "bin/hermod.mjs");
const FIXTURES = path.join(__dirname, "fixtures");

function hermod(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: os.tmpdir(), encoding: "utf8", env: { ...process.env, ...env }, timeout: 30_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("hermod config test", () => {
  it("passes a good file (includes resolved next to it) with exit 0 and the block counts", () => {
    const r = hermod(["config", "test", path.join(FIXTURES, "good.conf")]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`${path.join(FIXTURES, "good.conf")}: 0 errors, 0 warnings`);
    expect(r.stdout).toMatch(/listeners 1 · sources 1 · domains 1 ·/);
    expect(r.stdout).toContain("Configuration OK.");
  });

  it("prints FILE:LINE:COL diagnostics like pmta and exits 1 on errors", () => {
    const file = path.join(FIXTURES, "broken.conf");
    const r = hermod(["config", "test", file]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`${file}:4:17: error: invalid time interval "10x"`);
    expect(r.stdout).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:5:5: error: unknown directive \`max-smtp-outt\``));
    expect(r.stdout).toContain("2 errors, 0 warnings");
  });

  it("defaults to HERMOD_CONFIG, and reports a missing file as an error", () => {
    expect(hermod(["config", "test"], { HERMOD_CONFIG: path.join(FIXTURES, "good.conf") }).status).toBe(0);
    const missing = hermod(["config", "test", "/nonexistent/hermod.conf"]);
    expect(missing.status).toBe(1);
    expect(missing.stdout).toContain("/nonexistent/hermod.conf:1:1: error: cannot read the configuration file: file not found");
  });

  it("explains its usage", () => {
    expect(hermod(["help"])).toMatchObject({ status: 0, stdout: expect.stringContaining("hermod config test [FILE]") });
    expect(hermod(["frobnicate"])).toMatchObject({ status: 2, stderr: expect.stringContaining('unknown command "frobnicate"') });
  });
});

describe("hermod reload", () => {
  let server: ChildProcess | null = null;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hermod-cli-"));

  afterEach(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.once("exit", resolve));
      server.kill("SIGTERM");
      await exited;
    }
    server = null;
  });

  async function startFakeServer(outcome: "ok" | "refused"): Promise<void> {
    server = spawn(process.execPath, ["--import", "tsx", path.join(FIXTURES, "fake-server.ts")], {
      cwd: ROOT,
      env: { ...process.env, HERMOD_DATA_DIR: dataDir, FAKE_RELOAD_OUTCOME: outcome },
      stdio: ["ignore", "pipe", "inherit"],
    });
    await new Promise<void>((resolve, reject) => {
      server!.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("ready") && resolve());
      server!.once("exit", (code) => reject(new Error(`fake server exited (${code})`)));
    });
  }

  it("says clearly that Hermod is not running, with no pid file or a stale one", () => {
    const none = hermod(["reload"], { HERMOD_DATA_DIR: dataDir });
    expect(none.status).toBe(1);
    expect(none.stderr).toContain(`Hermod is not running (no pid file at ${path.join(dataDir, "hermod.pid")}`);

    const dead = spawnSync(process.execPath, ["-e", "0"]).pid;
    fs.writeFileSync(path.join(dataDir, "hermod.pid"), `${dead}\n`);
    const stale = hermod(["reload"], { HERMOD_DATA_DIR: dataDir });
    expect(stale.status).toBe(1);
    expect(stale.stderr).toMatch(/Hermod is not running .*names pid \d+, which (does not exist|is not Hermod): a stale pid file/);
    fs.rmSync(path.join(dataDir, "hermod.pid"));
  });

  it("signals the running server and reports its reload", async () => {
    await startFakeServer("ok");
    expect(fs.readFileSync(path.join(dataDir, "hermod.pid"), "utf8")).toBe(`${server!.pid}\n`);
    const r = hermod(["reload"], { HERMOD_DATA_DIR: dataDir });
    expect(r.stdout).toContain(`Sent SIGHUP to Hermod (pid ${server!.pid})`);
    expect(r.stdout).toContain("Reloaded: hermod.conf reloaded as revision 7");
    expect(r.status).toBe(0);
    expect(server!.exitCode).toBeNull();
  });

  it("reports a refused reload with its diagnostics and exit 1; the server keeps running and removes its pid file at exit", async () => {
    await startFakeServer("refused");
    const r = hermod(["reload"], { HERMOD_DATA_DIR: dataDir });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`${path.join(dataDir, "hermod.conf")}:4:17: error: invalid time interval "10x"`);
    expect(r.stderr).toContain("Not reloaded: hermod.conf has 1 error");
    expect(server!.exitCode).toBeNull();
    const exited = new Promise((resolve) => server!.once("exit", resolve));
    server!.kill("SIGTERM");
    await exited;
    expect(fs.existsSync(path.join(dataDir, "hermod.pid"))).toBe(false);
  });
});
