import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../testing/harness";
import { sendRaw } from "../testing/raw-smtp";
import { loopbackRelayConfig } from "../testing/relay-config";
import { startSink, type Sink } from "../testing/sink";
import { SuppressionIndex } from "./suppression-index";

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const md5 = (s: string) => createHash("md5").update(s).digest("hex");
const msg = `From: a@src.test\r\nTo: x@dst.test\r\nSubject: s\r\n\r\nHello\r\n`;

describe("SuppressionIndex", () => {
  it("matches addresses, domains and digests of the lowercased address, by scope", () => {
    const index = new SuppressionIndex();
    index.setLists([
      { id: 1, name: "optouts", scope: "global", scopeValue: "" },
      { id: 2, name: "partner", scope: "source", scopeValue: "Feeder" },
      { id: 3, name: "vmta-list", scope: "vmta", scopeValue: "v1" },
      { id: 4, name: "job-list", scope: "job", scopeValue: "J7" },
    ]);
    expect(index.add(1, [{ kind: "address", value: "Bob@Example.com" }, { kind: "domain", value: "blocked.test" }, { kind: "sha256", value: sha256("h@x.test") }])).toBe(3);
    index.add(2, [{ kind: "md5", value: md5("m@x.test") }]);
    index.add(3, [{ kind: "address", value: "v@x.test" }]);
    index.add(4, [{ kind: "address", value: "j@x.test" }]);
    const none = { attached: [] };
    expect(index.find("BOB@example.COM", none)).toBe("optouts");
    expect(index.find("anyone@blocked.test", none)).toBe("optouts");
    expect(index.find("anyone@sub.blocked.test", none)).toBeNull();
    expect(index.find("H@X.test", none)).toBe("optouts");
    expect(index.find("m@x.test", none)).toBeNull();
    expect(index.find("m@x.test", { sourceName: "feeder", attached: [] })).toBe("partner");
    expect(index.find("m@x.test", { attached: ["PARTNER"] })).toBe("partner");
    expect(index.find("v@x.test", none)).toBeNull();
    expect(index.find("v@x.test", { attached: [], vmta: "V1" })).toBe("vmta-list");
    expect(index.find("j@x.test", { attached: [], jobId: "j7" })).toBe("job-list");
    expect(index.remove(1, [{ kind: "address", value: "bob@example.com" }])).toBe(1);
    expect(index.find("bob@example.com", none)).toBeNull();
    index.setLists([{ id: 2, name: "partner", scope: "global", scopeValue: "" }]);
    expect(index.find("h@x.test", none)).toBeNull();
    expect(index.find("m@x.test", none)).toBe("partner");
    expect(index.add(99, [{ kind: "address", value: "a@b.c" }])).toBe(0);
  });
});

describe("the engine's RCPT check", () => {
  let cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.reverse()) await c();
    cleanup = [];
  });

  async function setup(sourceExtra: string[] = []): Promise<{ h: Harness; sink: Sink }> {
    const sink = await startSink({});
    cleanup.push(() => sink.close());
    const h = await startHarness((port) => loopbackRelayConfig({ smtpPort: port, sinkPort: sink.port, sourceExtra }));
    cleanup.push(() => h.stop());
    await h.mta.setSuppressionLists([{ id: 1, name: "optouts", scope: "global", scopeValue: "" }]);
    await h.mta.addSuppressionEntries(1, [{ kind: "address", value: "gone@dst.test" }, { kind: "sha256", value: sha256("hashed@dst.test") }]);
    return { h, sink };
  }

  it("refuses a suppressed plaintext or SHA-256-listed recipient with the list's name and accepts others", async () => {
    const { h, sink } = await setup();
    const r = await sendRaw(h.port, { from: "a@src.test", to: ["gone@dst.test", "Hashed@DST.test", "ok@dst.test"], body: msg });
    expect(r.rcpt[0]).toBe('550 5.7.1 recipient is in suppression list "optouts"');
    expect(r.rcpt[1]).toBe('550 5.7.1 recipient is in suppression list "optouts"');
    expect(r.rcpt[2]).toMatch(/^250/);
    expect(r.data).toMatch(/^250/);
    const [m] = await sink.waitFor(1);
    expect(m.to).toEqual(["ok@dst.test"]);
    // Entries removed by a delta are accepted again.
    await h.mta.removeSuppressionEntries(1, [{ kind: "address", value: "gone@dst.test" }]);
    const again = await sendRaw(h.port, { from: "a@src.test", to: ["gone@dst.test"], body: msg });
    expect(again.rcpt[0]).toMatch(/^250/);
  });

  it("with accept-invalid-recipients, queues the suppressed recipient and bounces it (policy-related)", async () => {
    const { h, sink } = await setup(["accept-invalid-recipients yes"]);
    const r = await sendRaw(h.port, { from: "a@src.test", to: ["gone@dst.test", "ok@dst.test"], body: msg });
    expect(r.rcpt).toEqual([expect.stringMatching(/^250/), expect.stringMatching(/^250/)]);
    expect(r.data).toMatch(/^250 .*queued as/);
    const records = await h.waitForRecords((rs) => rs.some((x) => x.type === "b") && rs.some((x) => x.type === "d"));
    const b = records.find((x) => x.type === "b")!;
    expect(b).toMatchObject({ rcpt: "gone@dst.test", bounceCat: "policy-related", dsnStatus: expect.stringMatching(/^5\.7\.1/) });
    expect(b.dsnDiag).toContain('recipient is in suppression list "optouts"');
    const delivered = await sink.waitFor(2);
    expect(delivered.find((m) => m.from === "a@src.test")?.to).toEqual(["ok@dst.test"]);
    // The DSN for the bounced recipient goes back to the sender.
    expect(delivered.find((m) => m.from === "")?.to).toEqual(["a@src.test"]);
  });

  it("attaches lists to a source by name with suppression-lists, and bounces job-scoped lists once the job is known", async () => {
    const { h, sink } = await setup(["suppression-lists partner", "process-x-job yes"]);
    await h.mta.setSuppressionLists([
      { id: 1, name: "optouts", scope: "global", scopeValue: "" },
      { id: 2, name: "partner", scope: "vmta", scopeValue: "nowhere" },
      { id: 3, name: "campaign", scope: "job", scopeValue: "spring" },
    ]);
    await h.mta.addSuppressionEntries(2, [{ kind: "domain", value: "partner.test" }]);
    await h.mta.addSuppressionEntries(3, [{ kind: "address", value: "late@dst.test" }]);
    const r = await sendRaw(h.port, { from: "a@src.test", to: ["x@partner.test"], body: msg });
    expect(r.rcpt[0]).toBe('550 5.7.1 recipient is in suppression list "partner"');
    const job = await sendRaw(h.port, { from: "a@src.test", to: ["late@dst.test", "fine@dst.test"], body: `X-Job: spring\r\n${msg}` });
    expect(job.rcpt.every((x) => x.startsWith("250"))).toBe(true);
    const records = await h.waitForRecords((rs) => rs.some((x) => x.type === "b") && rs.some((x) => x.type === "d"));
    expect(records.find((x) => x.type === "b")).toMatchObject({ rcpt: "late@dst.test", bounceCat: "policy-related" });
    expect(records.find((x) => x.type === "d")).toMatchObject({ rcpt: "fine@dst.test" });
    await sink.waitFor(1);
  });
});
