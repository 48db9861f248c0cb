import { describe, expect, it } from "vitest";
import { DEFAULT_DOMAIN_SETTINGS } from "../config/defaults";
import type { DomainSettings } from "../config/types";
import { DeliveryQueue } from "../queue/delivery-queue";
import { SourceBinder, type BindResult } from "./source-binding";

const vmta = { sourceHosts: [{ ip: "127.0.0.2", hostName: "a.hermod.test" }, { ip: "127.0.0.3", hostName: "" }], hostName: "vmta.hermod.test" };
const settings = (extra: Partial<DomainSettings> = {}): DomainSettings => ({ ...DEFAULT_DOMAIN_SETTINGS, ...extra });
const queue = () => new DeliveryQueue("dst.test/v1", "dst.test", "v1");
const address = (r: BindResult) => (r.kind === "bound" ? r.binding.localAddress : r.kind);

describe("SourceBinder", () => {
  it("rotates over the VirtualMTA's source addresses, with each one's HELO name (else the VirtualMTA's)", () => {
    const binder = new SourceBinder();
    const q = queue();
    const picks = [0, 1, 2].map(() => binder.bind(q, vmta, settings(), "default.test", 0));
    expect(picks.map(address)).toEqual(["127.0.0.2", "127.0.0.3", "127.0.0.2"]);
    expect(picks.map((p) => (p.kind === "bound" ? p.binding.heloName : ""))).toEqual(["a.hermod.test", "vmta.hermod.test", "a.hermod.test"]);
  });

  it("binds nothing for {default}, and reports a VirtualMTA that is not configured", () => {
    const binder = new SourceBinder();
    expect(binder.bind(queue(), null, settings(), "default.test", 0)).toEqual({ kind: "bound", binding: { heloName: "default.test" } });
    expect(binder.bind(queue(), undefined, settings(), "default.test", 0)).toEqual({ kind: "unconfigured" });
  });

  it("skips an address at its source-ip-max-smtp-out, and waits when every address is", () => {
    const binder = new SourceBinder();
    const q = queue();
    const s = settings({ sourceIpMaxSmtpOut: [{ cidr: "127.0.0.2/32", max: 1 }, { cidr: "127.0.0.0/8", max: 2 }] });
    q.sourceIp("127.0.0.2").active = 1;
    expect([0, 1].map(() => address(binder.bind(q, vmta, s, "d", 0)))).toEqual(["127.0.0.3", "127.0.0.3"]);
    q.sourceIp("127.0.0.3").active = 2;
    expect(binder.bind(q, vmta, s, "d", 0)).toEqual({ kind: "wait", until: 1_000 });
  });

  it("keeps each address to its source-ip-max-connect-rate, and waits for the first to allow one", () => {
    const binder = new SourceBinder();
    const q = queue();
    const s = settings({ sourceIpMaxConnectRate: [{ cidr: "127.0.0.0/8", rate: { count: 4, perMs: 1_000 } }] });
    expect([0, 0].map((now) => address(binder.bind(q, vmta, s, "d", now)))).toEqual(["127.0.0.2", "127.0.0.3"]);
    expect(binder.bind(q, vmta, s, "d", 100)).toEqual({ kind: "wait", until: 250 });
    expect(address(binder.bind(q, vmta, s, "d", 250))).toBe("127.0.0.2");
  });

  it("leaves out an address disable-source-ip took out of this queue until it is re-enabled", () => {
    const binder = new SourceBinder();
    const q = queue();
    q.sourceIp("127.0.0.2").disabledUntil = 5_000;
    expect([0, 0].map((now) => address(binder.bind(q, vmta, settings(), "d", now)))).toEqual(["127.0.0.3", "127.0.0.3"]);
    q.sourceIp("127.0.0.3").disabledUntil = 3_000;
    expect(binder.bind(q, vmta, settings(), "d", 0)).toEqual({ kind: "wait", until: 3_000 });
    expect(address(binder.bind(queue(), vmta, settings(), "d", 0))).toBe("127.0.0.2");
  });
});
