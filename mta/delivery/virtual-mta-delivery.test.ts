import { afterEach, describe, expect, it } from "vitest";
import { compileOrThrow, startHarness, waitUntil, type Harness } from "../testing/harness";
import { sendRaw } from "../testing/raw-smtp";
import { startSink, type Sink, type SinkScript } from "../testing/sink";

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

const config = (sinkPort: number, withB = true) => (port: number) => `smtp-listener 127.0.0.1:${port}
host-name mta.hermod.test
<virtual-mta vmta-a>
    smtp-source-host 127.0.0.2 vmta-a.hermod.test
</virtual-mta>
${withB ? `<virtual-mta vmta-b>
    smtp-source-host 127.0.0.3 vmta-b.hermod.test
</virtual-mta>` : ""}
<virtual-mta-pool pool-ab>
    virtual-mta vmta-a
    ${withB ? "virtual-mta vmta-b" : ""}
</virtual-mta-pool>
<pattern-list senders>
    mail-from /@news\\.src\\.test$/ virtual-mta=${withB ? "vmta-b" : "vmta-a"}
</pattern-list>
<source 127.0.0.1>
    always-allow-relaying yes
    process-x-virtual-mta yes
    process-x-job yes
    pattern-list senders
    default-virtual-mta pool-ab
</source>
<domain *>
    smtp-hosts [127.0.0.1]:${sinkPort}
    retry-after 1s
</domain>`;

async function setup(script: SinkScript = {}): Promise<{ h: Harness; sink: Sink }> {
  const sink = await startSink({ script });
  cleanup.push(() => sink.close());
  const h = await startHarness(config(sink.port));
  cleanup.push(() => h.stop());
  return { h, sink };
}

const body = (headers: string) => `${headers}Subject: vmta\r\n\r\nhello\r\n`;

describe("VirtualMTA routing, seen at the sink", () => {
  it("sends through the VirtualMTA named in X-Virtual-MTA, from its address with its HELO, and strips the control headers", async () => {
    const { h, sink } = await setup();
    const r = await sendRaw(h.port, { from: "a@src.test", to: ["u@dst.test"], body: body("X-Virtual-MTA: vmta-a\r\nX-Job: job42\r\n") });
    expect(r.data).toMatch(/^250 /);
    const [m] = await sink.waitFor(1);
    expect(m).toMatchObject({ remoteAddress: "127.0.0.2", helo: "vmta-a.hermod.test" });
    expect(m.data.toString(), m.data.toString()).not.toMatch(/X-Virtual-MTA|X-Job/i);
    const [rec] = await h.waitForRecords((rs) => rs.length > 0);
    expect(rec).toMatchObject({ type: "d", vmta: "vmta-a", queue: "dst.test/vmta-a", jobId: "job42", dlvSourceIp: "127.0.0.2" });
  });

  it("uses the pattern list, then the source's default pool in rotation", async () => {
    const { h, sink } = await setup();
    await sendRaw(h.port, { from: "n@news.src.test", to: ["u1@dst.test"], body: body("") });
    await sendRaw(h.port, { from: "a@src.test", to: ["u2@dst.test"], body: body("") });
    await sendRaw(h.port, { from: "a@src.test", to: ["u3@dst.test"], body: body("") });
    await sink.waitFor(3);
    const from = (rcpt: string) => sink.messages.find((m) => m.to.includes(rcpt))!;
    expect(from("u1@dst.test")).toMatchObject({ remoteAddress: "127.0.0.3", helo: "vmta-b.hermod.test" });
    expect(new Set([from("u2@dst.test").remoteAddress, from("u3@dst.test").remoteAddress])).toEqual(new Set(["127.0.0.2", "127.0.0.3"]));
    await h.waitForRecords((rs) => rs.length === 3);
    expect(h.records.filter((r) => r.vmtaPool === "pool-ab")).toHaveLength(2);
  });

  it("refuses a message naming an unknown VirtualMTA with 550 5.3.5", async () => {
    const { h } = await setup();
    const r = await sendRaw(h.port, { from: "a@src.test", to: ["u@dst.test"], body: body("X-Virtual-MTA: nowhere\r\n") });
    expect(r.data).toMatch(/^550 5\.3\.5 /);
  });

  it("keeps mail queued for a VirtualMTA that a reload removed, and delivers it once it is back", async () => {
    let refuse = true;
    const { h, sink } = await setup({ rcpt: () => (refuse ? "451 4.3.0 later" : undefined) });
    await sendRaw(h.port, { from: "a@src.test", to: ["u@dst.test"], body: body("X-Virtual-MTA: vmta-b\r\n") });
    await h.waitForRecords((rs) => rs.some((r) => r.type === "t"));
    await h.mta.reload(compileOrThrow(config(0, false)(h.port).replace("[127.0.0.1]:0", `[127.0.0.1]:${sink.port}`), h.dataDir));
    refuse = false;
    await h.waitForRecords((rs) => rs.some((r) => r.dsnDiag.includes("VirtualMTA vmta-b is not configured")), 10_000);
    expect(h.mta.snapshot().queues.find((q) => q.key === "dst.test/vmta-b")).toMatchObject({ recipients: 1 });
    expect(sink.messages).toHaveLength(0);
    await h.mta.reload(compileOrThrow(config(sink.port)(h.port), h.dataDir));
    await sink.waitFor(1, 10_000);
    expect(sink.messages[0]).toMatchObject({ remoteAddress: "127.0.0.3" });
    await waitUntil(() => h.mta.snapshot().totals.queuedMessages === 0, 5_000, "an empty queue");
  });
});
