import os from "node:os";
import { describe, expect, it } from "vitest";
import { resolveSource } from "../config/index";
import type { SourceSettings } from "../config/types";
import { parseFields } from "../smtp-in/header-fields";
import { compileOrThrow } from "../testing/harness";
import { VirtualMtaRouter } from "./virtual-mta";

const config = compileOrThrow(
  `<virtual-mta vmta1>
</virtual-mta>
<virtual-mta vmta2>
</virtual-mta>
<virtual-mta vmta3>
</virtual-mta>
<virtual-mta bulk>
</virtual-mta>
<virtual-mta-pool pool1>
    virtual-mta vmta1
    virtual-mta vmta2
</virtual-mta-pool>
<pattern-list by-sender>
    mail-from /@news\\.example\\.com$/ virtual-mta=bulk
    rcpt-to /@hotmail\\.com$/ virtual-mta=vmta3
    header x-campaign /^promo/ virtual-mta=pool1
</pattern-list>
<source 127.0.0.1>
    always-allow-relaying yes
</source>
<source plain>
    default-virtual-mta vmta1
</source>
<source headers>
    process-x-virtual-mta yes
    process-x-job yes
    pattern-list by-sender
    default-virtual-mta vmta1
</source>
<source listed>
    pattern-list by-sender
    default-virtual-mta vmta1
</source>
<source retain>
    process-x-virtual-mta yes
    retain-x-virtual-mta yes
    process-x-job yes
    retain-x-job yes
</source>
`,
  os.tmpdir(),
);

const source = (name: string): SourceSettings => resolveSource(config, "127.0.0.1", name);
const route = (router: VirtualMtaRouter, headers: string, src: SourceSettings, mailFrom = "a@app.example.com", recipients = ["u@gmail.com"]) =>
  router.route(config, { mailFrom, recipients, fields: parseFields(headers), source: src });

describe("routing at reception (PowerMTA's order)", () => {
  it("honours X-Virtual-MTA where the source processes it, strips it and reads the job id", () => {
    const r = route(new VirtualMtaRouter(), "X-Virtual-MTA: VMTA2\r\nX-Job: spring-sale\r\n", source("headers"));
    expect(r).toEqual({ ok: true, routes: [{ vmta: "vmta2" }], jobId: "spring-sale", strip: new Set(["x-job", "x-virtual-mta"]) });
  });

  it("ignores the header where the source does not process it, and keeps retained headers", () => {
    expect(route(new VirtualMtaRouter(), "X-Virtual-MTA: vmta2\r\n", source("plain"))).toMatchObject({ ok: true, routes: [{ vmta: "vmta1" }] });
    const kept = route(new VirtualMtaRouter(), "X-Virtual-MTA: vmta2\r\nX-Job: j\r\n", source("retain"));
    expect(kept).toMatchObject({ ok: true, routes: [{ vmta: "vmta2" }], jobId: "j" });
    expect(kept.ok && [...kept.strip]).toEqual([]);
  });

  it("refuses an unknown VirtualMTA named in the header", () => {
    expect(route(new VirtualMtaRouter(), "X-Virtual-MTA: nope\r\n", source("headers"))).toEqual({ ok: false, reason: 'VirtualMTA "nope" is not configured' });
  });

  it("uses the pattern list (first recipient decides for the message), then the source default, then {default}", () => {
    const router = new VirtualMtaRouter();
    expect(route(router, "", source("listed"), "n@news.example.com")).toMatchObject({ routes: [{ vmta: "bulk" }] });
    expect(route(router, "", source("listed"), "a@b.test", ["x@hotmail.com", "y@gmail.com"])).toMatchObject({ routes: [{ vmta: "vmta3" }, { vmta: "vmta3" }] });
    expect(route(router, "", source("listed"), "a@b.test", ["y@gmail.com"])).toMatchObject({ routes: [{ vmta: "vmta1" }] });
    expect(route(router, "", resolveSource(config, "127.0.0.1"))).toMatchObject({ routes: [{}] });
  });

  it("rotates pool members per message", () => {
    const router = new VirtualMtaRouter();
    const picks = [1, 2, 3].map(() => {
      const r = route(router, "X-Campaign: promo-7\r\n", source("listed"), "a@b.test", ["x@gmail.com", "y@yahoo.com"]);
      if (!r.ok) throw new Error("refused");
      expect(r.routes[0]).toEqual(r.routes[1]);
      return r.routes[0];
    });
    expect(picks).toEqual([
      { vmta: "vmta1", pool: "pool1" },
      { vmta: "vmta2", pool: "pool1" },
      { vmta: "vmta1", pool: "pool1" },
    ]);
  });
});
