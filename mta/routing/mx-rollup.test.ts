import { describe, expect, it } from "vitest";
import { rollupFor } from "./mx-rollup";

const loc = { file: "t", line: 1, col: 1 };
const rules = [
  { mxPattern: "*.google.com", name: "gmail.rollup", byIp: false, origin: loc },
  { mxPattern: "[*.]outlook.com", name: "msft.rollup", byIp: false, origin: loc },
  { mxPattern: "*.lab.test", name: "lab.rollup", byIp: true, origin: loc },
];

describe("mx-rollup-list", () => {
  it("rolls destinations up by their MX host names, first rule first", () => {
    expect(rollupFor(rules, ["aspmx.l.google.com"], ["1.2.3.4"])).toEqual({ name: "gmail.rollup", site: "rollup:gmail.rollup" });
    expect(rollupFor(rules, ["outlook.com"], ["1.2.3.4"])).toEqual({ name: "msft.rollup", site: "rollup:msft.rollup" });
    expect(rollupFor(rules, ["mx.example.net"], ["1.2.3.4"])).toBeNull();
  });

  it("with rollup-by-ip, splits the rollup by the MX hosts' address (the same whatever their order)", () => {
    const a = rollupFor(rules, ["mx1.lab.test"], ["127.0.0.8", "127.0.0.7"]);
    expect(a).toEqual({ name: "lab.rollup", site: "rollup:lab.rollup@127.0.0.7" });
    expect(rollupFor(rules, ["mx2.lab.test"], ["127.0.0.7", "127.0.0.8"])).toEqual(a);
    expect(rollupFor(rules, ["mx3.lab.test"], ["127.0.0.9"])?.site).toBe("rollup:lab.rollup@127.0.0.9");
  });
});
