import { describe, expect, it } from "vitest";
import { BLOCK_ARG_FIELD, CONFIG_BLOCK_FIELDS, type TConfigBlockKind } from "../schemas/config";
import { checkBlockValues, checkConfigValue } from "./field-check";

describe("block editor field checks (the engine's parsers)", () => {
  it("has a check for every managed field", () => {
    for (const kind of Object.keys(CONFIG_BLOCK_FIELDS) as TConfigBlockKind[]) {
      for (const field of CONFIG_BLOCK_FIELDS[kind]) expect(checkConfigValue(kind, field, "x") ?? "", `${kind}.${field}`).not.toMatch(/is not a field/);
    }
    expect(checkConfigValue("domain", "password", "x")).toMatch(/not a field of <domain>/);
  });

  it("accepts PowerMTA's units and refuses the rest with the parser's message", () => {
    expect(checkConfigValue("domain", "retry-after", "10m,20m,1h")).toBeNull();
    expect(checkConfigValue("domain", "retry-after", "10x")).toMatch(/invalid time interval "10x"/);
    expect(checkConfigValue("domain", "bounce-after", "4d12h")).toBeNull();
    expect(checkConfigValue("domain", "max-message-size", "25M")).toBeNull();
    expect(checkConfigValue("domain", "max-message-size", "25Q")).toMatch(/invalid size/);
    expect(checkConfigValue("domain", "max-smtp-out", "0")).toBe("must be at least 1");
    expect(checkConfigValue("domain", "max-msg-per-connection", "unlimited")).toBeNull();
    expect(checkConfigValue("domain", "queue-priority", "101")).toBe("must be at most 100");
    expect(checkConfigValue("domain", "use-starttls", "maybe")).toMatch(/invalid boolean/);
    expect(checkConfigValue("domain", "smtp-hosts", "[127.0.0.1]:2600; mx.example.com")).toBeNull();
    expect(checkConfigValue("domain", "smtp-hosts", "[300.1.1.1]")).toMatch(/invalid address literal/);
  });

  it("checks names, patterns, CIDRs and source hosts", () => {
    expect(checkConfigValue("domain", BLOCK_ARG_FIELD, "[*.]example.com")).toBeNull();
    expect(checkConfigValue("domain", BLOCK_ARG_FIELD, "$isps")).toBeNull();
    expect(checkConfigValue("domain", BLOCK_ARG_FIELD, "ex*ample.com")).toMatch(/invalid domain pattern/);
    expect(checkConfigValue("source", BLOCK_ARG_FIELD, "10.0.0.0/8")).toBeNull();
    expect(checkConfigValue("source", BLOCK_ARG_FIELD, "feeders")).toBeNull();
    expect(checkConfigValue("source", BLOCK_ARG_FIELD, "10.0.0.0/40")).toMatch(/prefix length/);
    expect(checkConfigValue("virtual-mta", "smtp-source-host", "127.0.0.2 vmta-e2e.hermod.test")).toBeNull();
    expect(checkConfigValue("virtual-mta", "smtp-source-host", "127.0.0.2")).toMatch(/expected an IP address and a host name/);
    expect(checkConfigValue("virtual-mta", "smtp-source-host", "host.example 127.0.0.2")).toMatch(/invalid IP address/);
    expect(checkConfigValue("virtual-mta", BLOCK_ARG_FIELD, "")).toBe("required");
    expect(checkConfigValue("virtual-mta", BLOCK_ARG_FIELD, "bad name")).toMatch(/invalid VirtualMTA name "bad name"/);
    expect(checkConfigValue("source", "jobid-header", "X Job")).toMatch(/invalid header name/);
    expect(checkConfigValue("smtp-user", "source", "{auth}")).toBeNull();
    expect(checkConfigValue("virtual-mta", "host-name", "")).toBeNull();
    expect(checkConfigValue("smtp-user", "password", "a#b")).toMatch(/may not contain #/);
  });

  it("collects the first error per field of a whole edit", () => {
    expect(checkBlockValues("virtual-mta", "v1", { "smtp-source-host": ["127.0.0.2 a.test", "nope"], "max-smtp-out": ["2"] })).toEqual({
      "smtp-source-host": expect.stringMatching(/expected an IP address/),
    });
    expect(checkBlockValues("virtual-mta", "", {})).toEqual({ [BLOCK_ARG_FIELD]: "required" });
  });
});
