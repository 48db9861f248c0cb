/**
 * The config use cases against a real config directory, a real database (SQLite, and PostgreSQL when
 * configured) and a fake engine whose reload can be made to fail.
 */

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { loopbackRelayConfig } from "@/mta/testing/relay-config";
import type { MtaConfig } from "@/mta/index";
import { textHash } from "../../config/config-text";
import { createAuditRepository } from "../../db/audit-repository";
import { createConfigRevisionRepository } from "../../db/config-revision-repository";
import { createTestDatabase, testProviders, type TestDatabase } from "../../db/testing/test-database";
import { applyConfigText } from "./apply-config-text";
import type { ConfigDeps } from "./config-deps";
import { currentConfig } from "./current-config";
import { exportConfig } from "./export-config";
import { getRevision } from "./get-revision";
import { listRevisions } from "./list-revisions";
import { reloadConfigFromFile } from "./reload-config-from-file";
import { removeConfigBlock } from "./remove-config-block";
import { rollbackToRevision } from "./rollback-to-revision";
import { saveConfigBlock } from "./save-config-block";
import { syncConfigRevisionFromFile } from "./sync-config-revision-from-file";

const BASE = loopbackRelayConfig({ smtpPort: 2525, sinkPort: 2600, hostName: "svc.hermod.test", acctFile: false });

describe.each(testProviders())("config use cases on %s", (provider) => {
  let t: TestDatabase;
  let dir: string;
  let configPath: string;
  let deps: ConfigDeps;
  const reload = vi.fn<(config: MtaConfig) => Promise<void>>();
  const log = { log: vi.fn(), warn: vi.fn(), error: vi.fn() };

  const file = () => fs.readFileSync(configPath, "utf8");
  const leftovers = () => fs.readdirSync(dir).filter((f) => f.endsWith(".tmp"));
  const revisions = () => createConfigRevisionRepository(t.db);

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "hermod-config-"));
    configPath = path.join(dir, "hermod.conf");
    fs.writeFileSync(configPath, BASE);
    deps = { configPath, revisions: revisions(), audit: createAuditRepository(t.db), mta: () => ({ reload }), log };
  });
  afterAll(async () => {
    await t?.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    reload.mockReset();
    reload.mockResolvedValue(undefined);
  });

  it("records the file as the first revision at start, once", async () => {
    const first = await syncConfigRevisionFromFile(configPath, deps);
    expect(first).toMatchObject({ origin: "file", author: "system", comment: "hermod.conf at first start" });
    expect(await syncConfigRevisionFromFile(configPath, deps)).toBeNull();
    expect((await revisions().latest())?.text).toBe(BASE);
  });

  it("applies a valid text: engine reloaded, file replaced, revision with its diff recorded", async () => {
    const text = BASE.replace("<domain *>\n", "<domain *>\n    retry-after 5m\n");
    const result = await applyConfigText({ text, author: "alice", comment: "retry sooner", origin: "console", baseHash: textHash(BASE) }, deps);
    expect(result).toMatchObject({ ok: true, changed: true, message: expect.stringMatching(/^Applied as revision \d+\.$/) });
    expect(reload).toHaveBeenCalledTimes(1);
    expect(reload.mock.calls[0][0].domains.find((d) => d.pattern === "*")?.settings.retryAfter).toEqual([300_000]);
    expect(file()).toBe(text);
    expect(leftovers()).toEqual([]);
    const latest = (await revisions().latest())!;
    expect(latest).toMatchObject({ author: "alice", comment: "retry sooner", origin: "console", text });
    expect(latest.diff).toContain("\n+    retry-after 5m\n");
    expect(latest.diff).toMatch(/^--- hermod\.conf \(revision \d+\)\n\+\+\+ hermod\.conf\n/);
  });

  it("refuses a text with errors, with their lines, and changes nothing", async () => {
    const before = file();
    const count = await revisions().count();
    const broken = before.replace("    retry-after 5m\n", "    retry-after 5x\n");
    const result = await applyConfigText({ text: broken, author: "alice", comment: "", origin: "console" }, deps);
    expect(result).toMatchObject({ ok: false, reason: "invalid", error: expect.stringMatching(/1 error; nothing was changed\. First: line \d+, col \d+: invalid time interval "5x"/) });
    expect(result.ok === false && result.diagnostics?.find((d) => d.severity === "error")).toMatchObject({ file: "", line: broken.split("\n").indexOf("    retry-after 5x") + 1 });
    expect(reload).not.toHaveBeenCalled();
    expect(file()).toBe(before);
    expect(await revisions().count()).toBe(count);
  });

  it("keeps the running config when the engine refuses the new one (e.g. a listener cannot bind)", async () => {
    const before = file();
    const count = await revisions().count();
    reload.mockRejectedValueOnce(new Error("listen EADDRINUSE: address already in use 127.0.0.1:25"));
    const result = await applyConfigText({ text: `${before}smtp-listener 127.0.0.1:25\n`, author: "alice", comment: "", origin: "console" }, deps);
    expect(result).toMatchObject({ ok: false, reason: "engine", error: expect.stringMatching(/EADDRINUSE.*unchanged/) });
    expect(file()).toBe(before);
    expect(leftovers()).toEqual([]);
    expect(await revisions().count()).toBe(count);
  });

  it("refuses a change made against a text that has changed since, and does nothing for no change", async () => {
    const stale = await applyConfigText({ text: BASE, author: "bob", comment: "", origin: "console", baseHash: textHash(BASE) }, deps);
    expect(stale).toMatchObject({ ok: false, reason: "conflict" });
    const same = await applyConfigText({ text: file(), author: "bob", comment: "", origin: "console", baseHash: textHash(file()) }, deps);
    expect(same).toMatchObject({ ok: true, changed: false, message: expect.stringMatching(/No changes/) });
    expect(reload).not.toHaveBeenCalled();
  });

  it("records an edit made on disk as its own revision before the console's change", async () => {
    const onDisk = `${file()}# tuned by hand\n`;
    fs.writeFileSync(configPath, onDisk);
    expect((await currentConfig({ redact: false }, deps)).fileMatchesLatest).toBe(false);
    const text = `${onDisk}# and from the console\n`;
    const result = await applyConfigText({ text, author: "alice", comment: "note", origin: "console" }, deps);
    expect(result.ok).toBe(true);
    const [console_, disk] = await revisions().list({ limit: 2 });
    expect(disk).toMatchObject({ origin: "file", author: "system" });
    expect(disk.diff).toContain("+# tuned by hand");
    expect(console_).toMatchObject({ origin: "console", author: "alice" });
    expect(console_.diff).toContain("+# and from the console");
    expect(console_.diff).not.toContain("+# tuned by hand");
  });

  it("resolves includes against the config's directory", async () => {
    fs.writeFileSync(path.join(dir, "routes.conf"), "<domain routed.test>\n    max-smtp-out 3\n</domain>\n");
    const result = await applyConfigText({ text: `${file()}include routes.conf\n`, author: "alice", comment: "", origin: "import" }, deps);
    expect(result.ok).toBe(true);
    expect(reload.mock.calls[0][0].domains.some((d) => d.pattern === "routed.test")).toBe(true);
    // The export is one standalone file: the include is inlined.
    const exported = await exportConfig({ redact: false }, deps);
    expect(exported.text).not.toMatch(/^include /m);
    expect(exported.text).toContain("<domain routed.test>");
  });

  it("rolls back to an earlier revision as a new revision", async () => {
    const [first] = (await revisions().list({ limit: 100 })).slice(-1);
    const result = await rollbackToRevision(first.id, "carol", deps);
    expect(result).toMatchObject({ ok: true, changed: true });
    expect(file()).toBe(BASE);
    expect(await revisions().latest()).toMatchObject({ origin: "rollback", author: "carol", comment: `Rollback to revision ${first.id}`, text: BASE });
    await expect(rollbackToRevision(999_999, "carol", deps)).rejects.toThrow(/Revision 999999 not found/);
  });

  it("adds, edits and removes blocks by clicking, through the same apply path", async () => {
    const add = await saveConfigBlock(
      "alice",
      { baseHash: textHash(file()), kind: "virtual-mta", arg: "vmta-e2e", values: { "smtp-source-host": ["127.0.0.2 vmta-e2e.hermod.test"] }, comment: "" },
      deps,
    );
    expect(add).toMatchObject({ ok: true });
    expect(file()).toContain("<virtual-mta vmta-e2e>\n    smtp-source-host 127.0.0.2 vmta-e2e.hermod.test\n</virtual-mta>\n");
    expect((await revisions().latest())?.comment).toBe("Add <virtual-mta vmta-e2e>");

    const edit = await saveConfigBlock(
      "alice",
      { baseHash: textHash(file()), kind: "source", match: "127.0.0.1", arg: "127.0.0.1", values: { "process-x-virtual-mta": ["yes"] }, comment: "route by header" },
      deps,
    );
    expect(edit).toMatchObject({ ok: true });
    expect(file()).toContain("    always-allow-relaying yes\n    process-x-virtual-mta yes\n</source>");

    const bad = await saveConfigBlock("alice", { baseHash: textHash(file()), kind: "domain", match: "*", arg: "*", values: { "retry-after": ["10x"] }, comment: "" }, deps);
    expect(bad).toMatchObject({ ok: false, reason: "fields", fieldErrors: { "retry-after": expect.stringMatching(/invalid time interval/) } });

    const removed = await removeConfigBlock("alice", { baseHash: textHash(file()), kind: "virtual-mta", arg: "vmta-e2e", comment: "" }, deps);
    expect(removed).toMatchObject({ ok: true });
    expect(file()).not.toContain("vmta-e2e");
  });

  it("reloads the file on SIGHUP: a good file becomes a revision, a broken one is refused", async () => {
    const good = `${file()}# reloaded\n`;
    fs.writeFileSync(configPath, good);
    const result = await reloadConfigFromFile(deps);
    expect(result).toMatchObject({ ok: true, message: expect.stringMatching(/^hermod\.conf reloaded as revision \d+$/) });
    expect(reload).toHaveBeenCalledTimes(1);
    expect(await revisions().latest()).toMatchObject({ origin: "file", text: good });

    reload.mockClear();
    const count = await revisions().count();
    fs.writeFileSync(configPath, `${good}<domain broken.test>\n`);
    const broken = await reloadConfigFromFile(deps);
    expect(broken).toMatchObject({ ok: false, message: expect.stringMatching(/1 error; not reloaded/) });
    expect(broken.diagnostics[0]).toMatchObject({ severity: "error", line: good.split("\n").length });
    expect(reload).not.toHaveBeenCalled();
    expect(await revisions().count()).toBe(count);
    fs.writeFileSync(configPath, good);
  });

  it("shows the config, the history and exports, with secrets masked for those who may not see them", async () => {
    const text = `${file()}<smtp-user feeder>\n    password hunter2\n</smtp-user>\n`;
    expect((await applyConfigText({ text, author: "alice", comment: "feeder login", origin: "console" }, deps)).ok).toBe(true);

    const view = await currentConfig({ redact: true }, deps);
    expect(view).toMatchObject({ path: configPath, fileMatchesLatest: true, redacted: true, hash: textHash(text) });
    expect(view.text).toContain("password ********");
    expect(view.summary.find((s) => s.key === "listeners")?.count).toBe(1);
    expect((await currentConfig({ redact: false }, deps)).text).toContain("password hunter2");

    const page = await listRevisions({ redact: true, limit: 2 }, deps);
    expect(page.rows[0]).toMatchObject({ comment: "feeder login", added: 3, removed: 0 });
    expect(page.rows[0].diff).toContain("+    password ********");
    expect(page.olderThan).toBe(page.rows[1].id);
    expect((await getRevision(page.rows[0].id, { redact: false }, deps))?.text).toBe(text);

    expect(await exportConfig({ redact: false }, deps)).toMatchObject({ text, filename: expect.stringMatching(/^hermod-\d{4}-\d\d-\d\d\.conf$/) });
    await expect(exportConfig({ redact: false, revisionId: 999_999 }, deps)).rejects.toThrow(/not found/);
    expect((await exportConfig({ redact: true, revisionId: page.rows[0].id }, deps)).text).toContain("password ********");
  });
});

describe("a config file that is a symbolic link", () => {
  it("is changed through the link: the link stays, its target gets the new text", async () => {
    const t = await createTestDatabase("sqlite");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hermod-link-"));
    try {
      fs.mkdirSync(path.join(dir, "etc"));
      const real = path.join(dir, "etc", "real.conf");
      const link = path.join(dir, "hermod.conf");
      fs.writeFileSync(real, BASE);
      fs.symlinkSync(real, link);
      const deps: ConfigDeps = {
        configPath: link,
        revisions: createConfigRevisionRepository(t.db),
        audit: createAuditRepository(t.db),
        mta: () => null,
        log: { log: () => undefined, warn: () => undefined, error: () => undefined },
      };
      const result = await applyConfigText({ text: `${BASE}# via the link\n`, author: "alice", comment: "", origin: "console" }, deps);
      expect(result.ok).toBe(true);
      expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
      expect(fs.readFileSync(real, "utf8")).toBe(`${BASE}# via the link\n`);
      expect(fs.readdirSync(path.join(dir, "etc"))).toEqual(["real.conf"]);
    } finally {
      await t.cleanup();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
