import { describe, expect, it } from "vitest";
import type { Resolver } from "../ports";
import { MxRouter } from "./mx";

function dnsError(code: string): Error {
  return Object.assign(new Error(code), { code });
}

function fakeResolver(mx: Record<string, { exchange: string; priority: number }[] | string>, a: Record<string, string[]>): Resolver {
  return {
    async resolveMx(domain) {
      const v = mx[domain];
      if (v === undefined) throw dnsError("ENODATA");
      if (typeof v === "string") throw dnsError(v);
      return v;
    },
    async resolve4(host) {
      if (!a[host]) throw dnsError("ENODATA");
      return a[host];
    },
    async resolve6() {
      throw dnsError("ENODATA");
    },
  };
}

const clock = { now: () => 1_000 };

describe("MxRouter", () => {
  it("orders MX hosts by preference", async () => {
    const router = new MxRouter(
      fakeResolver({ "ex.test": [{ exchange: "mx2.ex.test", priority: 20 }, { exchange: "mx1.ex.test", priority: 10 }] }, {
        "mx1.ex.test": ["127.0.0.11"],
        "mx2.ex.test": ["127.0.0.12"],
      }),
      clock,
    );
    const r = await router.route("ex.test", null, 25);
    expect(r).toEqual({
      kind: "targets",
      targets: [
        { host: "mx1.ex.test", ip: "127.0.0.11", port: 25 },
        { host: "mx2.ex.test", ip: "127.0.0.12", port: 25 },
      ],
      mxHosts: ["mx1.ex.test"],
      noMx: false,
    });
  });

  it("falls back to the domain's A record without MX", async () => {
    const router = new MxRouter(fakeResolver({}, { "plain.test": ["127.0.0.5"] }), clock);
    expect(await router.route("plain.test", null, 25)).toEqual({
      kind: "targets",
      targets: [{ host: "plain.test", ip: "127.0.0.5", port: 25 }],
      mxHosts: null,
      noMx: true,
    });
  });

  it("uses smtp-hosts literals without DNS", async () => {
    const router = new MxRouter(fakeResolver({}, {}), clock);
    const r = await router.route("any.test", [[{ host: "127.0.0.1", port: 2600, literal: true }]], 25);
    expect(r).toEqual({ kind: "targets", targets: [{ host: "127.0.0.1", ip: "127.0.0.1", port: 2600 }], mxHosts: null, noMx: false });
  });

  it("bounces a domain that does not exist and a null MX, defers a DNS failure", async () => {
    const router = new MxRouter(
      fakeResolver({ "gone.test": "ENOTFOUND", "null.test": [{ exchange: "", priority: 0 }], "flaky.test": "ESERVFAIL" }, {}),
      clock,
    );
    expect(await router.route("gone.test", null, 25)).toMatchObject({ kind: "fail", permanent: true, status: "5.1.2" });
    expect(await router.route("null.test", null, 25)).toMatchObject({ kind: "fail", permanent: true, status: "5.1.10" });
    expect(await router.route("flaky.test", null, 25)).toMatchObject({ kind: "fail", permanent: false });
  });

  it("routes IP-literal domains directly", async () => {
    const router = new MxRouter(fakeResolver({}, {}), clock);
    expect(await router.route("[127.0.0.9]", null, 2525)).toEqual({
      kind: "targets",
      targets: [{ host: "127.0.0.9", ip: "127.0.0.9", port: 2525 }],
      mxHosts: null,
      noMx: false,
    });
  });
});
