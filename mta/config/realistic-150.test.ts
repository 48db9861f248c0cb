import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { BlockNode, ConfigNode } from "./ast";
import { exportConfig } from "./export";
import { loadConfigFile, compileConfigText } from "./load";
import { parse } from "./parser";
import { resolveDomain, resolveSource } from "./resolve";
import { configSummary } from "./summary";
import { briefly, errors, warnings, withoutOrigins } from "./test-helpers";
import { chooseVirtualMta } from "./vmta-select";

const FILE = fileURLToPath(new URL("./fixtures/realistic-150.conf", import.meta.url));
const hostName = () => "mta.test";
const load = async () => {
  const r = await loadConfigFile(FILE, { defaultHostName: hostName });
  if (!r.config) throw new Error(r.diagnostics.map((d) => `${d.line}: ${d.message}`).join("\n"));
  return { ...r, config: r.config };
};

function countTags(nodes: readonly ConfigNode[], counts: Record<string, number> = {}): Record<string, number> {
  for (const n of nodes.filter((n): n is BlockNode => n.type === "block")) {
    counts[n.tag] = (counts[n.tag] ?? 0) + 1;
    countTags(n.children, counts);
  }
  return counts;
}

describe("fixtures/realistic-150.conf (a PowerMTA 5.x production-style config)", () => {
  it("compiles with no errors", async () => {
    const r = await load();
    expect(errors(r)).toEqual([]);
  });

  it("has exactly the blocks it was written with, and Hermod acts on the ones it knows", async () => {
    const { config } = await load();
    expect(countTags(parse(readFileSync(FILE, "utf8"), FILE).nodes)).toEqual({
      "virtual-mta": 5,
      "virtual-mta-pool": 2,
      domain: 9,
      "pattern-list": 1,
      source: 5,
      "smtp-user": 2,
      "smtp-pattern-list": 1,
      "mx-rollup-list": 1,
      "bounce-processor": 1,
      "feedback-loop-processor": 1,
      "address-list": 2,
      "acct-file": 3,
    });
    // <domain {bounce}> and the piped acct-file are accepted with a warning but not compiled.
    expect(configSummary(config)).toEqual({
      listeners: 2,
      sources: 5,
      domains: 8,
      virtualMtas: 5,
      pools: 2,
      patternLists: 1,
      smtpUsers: 2,
      acctFiles: 2,
      smtpPatternLists: 1,
      mxRollups: 1,
      bounceCategoryPatterns: 0,
    });
  });

  it("warns, at its line, about every directive and block Hermod does not act on (never silence)", async () => {
    expect(briefly(warnings(await load()))).toEqual([
      "8: `total-max-smtp-in`",
      "9: `log-file`",
      "10: `spool`",
      "64: `recipient-priority=`",
      "97: `verp-default`",
      "106: `authentication-method`",
      "133: `smtp-hosts",
      "141: <domain>",
      "153: outlook.rollup",
      "174: `move-interval`",
      "175: `delete-after`",
      "180: `max-size`",
      "183: piped",
    ]);
  });

  it("compiles the bounce and feedback-loop processors", async () => {
    const { config } = await load();
    expect(config.processors?.map((p) => [p.kind, p.deliverUnmatchedEmail, p.addresses])).toEqual([
      ["bounce", false, [{ kind: "regex", source: "^bounce-.*@mailer\\.example$", flags: "i" }]],
      ["feedback-loop", false, [{ kind: "regex", source: "^fbl@mailer\\.example$", flags: "i" }]],
    ]);
  });

  it("compiles VirtualMTAs, pools, the pattern list and the SMTP users", async () => {
    const { config } = await load();
    expect(config.totalMaxSmtpOut).toBe(800);
    expect(config.http).toEqual({ port: 8080, access: [{ cidr: "127.0.0.1/32", level: "admin" }], apiKeys: [] });
    expect(config.virtualMtas.find((v) => v.name === "tx-2")?.sourceHosts).toEqual([
      { ip: "198.51.100.11", hostName: "tx2.mailer.example" },
      { ip: "2001:db8:20::11", hostName: "tx2.mailer.example" },
    ]);
    expect(config.pools.map((p) => [p.name, p.members])).toEqual([
      ["transactional", ["tx-1", "tx-2"]],
      ["marketing", ["mk-1", "mk-2"]],
    ]);
    expect(config.patternLists[0].rules.map((r) => [r.field, r.header, r.pattern?.flags, r.virtualMta])).toEqual([
      ["mail-from", undefined, "i", "marketing"],
      ["header", "x-warmup", "i", "warmup"],
      ["rcpt-to", undefined, "i", "warmup"],
      ["*", undefined, undefined, "transactional"],
    ]);
    expect(config.smtpUsers.map((u) => [u.name, u.source])).toEqual([
      ["billing-app", "submission"],
      ["crm", undefined],
    ]);
  });

  it("resolves domains through the VirtualMTA, pool and top-level levels", async () => {
    const { config } = await load();
    expect(resolveDomain(config, "ymail.fr")).toMatchObject({ maxSmtpOut: 8, queuePriority: 60, maxRcptPerTransaction: 20 });
    expect(resolveDomain(config, "live.com").queueTo).toBe("outlook.rollup");
    expect(resolveDomain(config, "outlook.rollup")).toMatchObject({ requireStarttls: true, maxSmtpOut: 10 });
    expect(resolveDomain(config, "gmail.com", "tx-1").maxSmtpOut).toBe(15);
    expect(resolveDomain(config, "gmail.com", "tx-2").maxSmtpOut).toBe(20);
    expect(resolveDomain(config, "yahoo.com", "mk-2").maxSmtpOut).toBe(4);
    expect(resolveDomain(config, "yahoo.com", "tx-1").maxSmtpOut).toBe(8);
    expect(resolveDomain(config, "gmail.com", "warmup")).toMatchObject({ maxSmtpOut: 2, maxMsgPerConnection: 100 });
  });

  it("chooses VirtualMTAs the way PowerMTA does", async () => {
    const { config } = await load();
    const app = resolveSource(config, "10.20.1.7");
    expect(app).toMatchObject({ alwaysAllowRelaying: true, patternList: "route-by-sender", jobIdHeader: "X-Campaign-Id", addReceivedHeader: false, hideMessageSource: true });
    const message = (mailFrom: string, headers: Record<string, string> = {}) => ({ mailFrom, rcptTo: "a@b.example", header: (n: string) => headers[n] });
    expect(chooseVirtualMta(config, app, message("list@news.mailer.example"))).toEqual({ name: "marketing", via: "pattern-list" });
    expect(chooseVirtualMta(config, app, message("x@mailer.example", { "x-warmup": " YES " }))).toEqual({ name: "warmup", via: "pattern-list" });
    expect(chooseVirtualMta(config, app, message("x@mailer.example"))).toEqual({ name: "transactional", via: "pattern-list" });
    const submission = resolveSource(config, "203.0.113.9", "submission");
    expect(submission).toMatchObject({ requireAuth: true, defaultVirtualMta: "transactional", smtpService: true });
    expect(resolveSource(config, "203.0.113.9").smtpService).toBe(false);
    const local = resolveSource(config, "127.0.0.1");
    expect(chooseVirtualMta(config, local, message("a@b", { "x-virtual-mta": "MK-1" }))).toEqual({ name: "mk-1", via: "header" });
  });

  it("exports to itself (no includes) and re-imports to the same config", async () => {
    const text = readFileSync(FILE, "utf8");
    const exported = exportConfig(text, { file: FILE });
    expect(exported).toEqual({ text, diagnostics: [] });
    const again = compileConfigText(exported.text!, { file: FILE, defaultHostName: hostName });
    expect(withoutOrigins(again.config)).toEqual(withoutOrigins((await load()).config));
  });
});
