import { describe, expect, it } from "vitest";
import { effectiveSettings } from "./effective-settings";
import { compileOk } from "./test-helpers";

const CONFIG = [
  /* 1 */ "<domain *>",
  /* 2 */ "  max-smtp-out 20",
  /* 3 */ "  bounce-after 2d",
  /* 4 */ "  source-ip-max-msg-rate 0/0 100/h",
  /* 5 */ "</domain>",
  /* 6 */ "<domain gmail.com>",
  /* 7 */ "  max-smtp-out 30",
  /* 8 */ "  max-msg-rate 120/m",
  /* 9 */ "  source-ip-max-msg-rate 192.0.2.1 10/h",
  /* 10 */ "</domain>",
  /* 11 */ "<domain [*.]com>",
  /* 12 */ "  max-smtp-out 25",
  /* 13 */ "  retry-after 5m,30m",
  /* 14 */ "</domain>",
  /* 15 */ "<virtual-mta a>",
  /* 16 */ "  <domain *>",
  /* 17 */ "    use-starttls no",
  /* 18 */ "  </domain>",
  /* 19 */ "</virtual-mta>",
  /* 20 */ "<virtual-mta b>",
  /* 21 */ "</virtual-mta>",
  /* 22 */ "<virtual-mta-pool p>",
  /* 23 */ "  virtual-mta a",
  /* 24 */ "  virtual-mta b",
  /* 25 */ "  <domain gmail.com>",
  /* 26 */ "    max-smtp-out 7",
  /* 27 */ "    backoff-max-msg-rate 10/m",
  /* 28 */ "  </domain>",
  /* 29 */ "</virtual-mta-pool>",
  /* 30 */ "domain-macro isp gmail.com",
  /* 31 */ "<domain $isp>",
  /* 32 */ "  bounce-after 1d",
  /* 33 */ "  queue-priority 70",
  /* 34 */ "</domain>",
  /* 35 */ "<domain gmail.com>",
  /* 36 */ "  queue-priority 80",
  /* 37 */ "</domain>",
].join("\n");

const config = compileOk(CONFIG);
const settingsOf = (domain: string, vmta?: string) => {
  const list = effectiveSettings(config, domain, vmta);
  if (!list) throw new Error("no settings");
  return Object.fromEntries(list.map((s) => [`${s.directive}${s.directive.startsWith("source-ip") ? ` ${s.value.split(" ")[0]}` : ""}`, s]));
};

describe("effectiveSettings", () => {
  it("gives each top-level setting with the most specific block that set it", () => {
    const s = settingsOf("gmail.com");
    expect(s["max-smtp-out"]).toEqual({ directive: "max-smtp-out", value: "30", from: "<domain gmail.com> hermod.conf:6" });
    expect(s["retry-after"]).toEqual({ directive: "retry-after", value: "5m,30m", from: "<domain [*.]com> hermod.conf:11" });
    expect(s["max-msg-rate"]).toMatchObject({ value: "120/m", from: "<domain gmail.com> hermod.conf:6" });
    expect(s["use-starttls"]).toEqual({ directive: "use-starttls", value: "yes", from: "default" });
    expect(s["connect-timeout"]).toMatchObject({ value: "2m", from: "default" });
  });

  it("lets an explicit block beat a macro-made one for the same pattern, whatever the file order", () => {
    const s = settingsOf("gmail.com");
    expect(s["queue-priority"]).toMatchObject({ value: "80", from: "<domain gmail.com> hermod.conf:35" });
    // Set by the macro block only: it wins over `<domain *>`.
    expect(s["bounce-after"]).toMatchObject({ value: "1d", from: "<domain gmail.com> hermod.conf:31" });
  });

  it("derives backoff limits from the normal ones and calls them default", () => {
    const s = settingsOf("gmail.com");
    expect(s["backoff-max-msg-rate"]).toMatchObject({ value: "120/m", from: "default" });
    expect(s["backoff-max-smtp-out"]).toMatchObject({ value: "20", from: "default" });
    expect(settingsOf("other.org")["max-msg-rate"]).toMatchObject({ value: "unlimited", from: "default" });
  });

  it("lists each source-address entry with its own block", () => {
    const s = settingsOf("gmail.com");
    expect(s["source-ip-max-msg-rate 0.0.0.0/0"]).toMatchObject({ value: "0.0.0.0/0 100/h", from: "<domain *> hermod.conf:1" });
    expect(s["source-ip-max-msg-rate 192.0.2.1/32"]).toMatchObject({ value: "192.0.2.1/32 10/h", from: "<domain gmail.com> hermod.conf:6" });
  });

  it("adds the pool's and the VirtualMTA's own blocks, the VirtualMTA's last", () => {
    const s = settingsOf("gmail.com", "a");
    expect(s["max-smtp-out"]).toMatchObject({ value: "7", from: "<virtual-mta-pool p> <domain gmail.com> hermod.conf:25" });
    expect(s["backoff-max-msg-rate"]).toMatchObject({ value: "10/m", from: "<virtual-mta-pool p> <domain gmail.com> hermod.conf:25" });
    expect(s["use-starttls"]).toMatchObject({ value: "no", from: "<virtual-mta a> <domain *> hermod.conf:16" });
    expect(s["max-msg-rate"]).toMatchObject({ value: "120/m", from: "<domain gmail.com> hermod.conf:6" });
    expect(settingsOf("gmail.com", "B")["use-starttls"]).toMatchObject({ value: "yes", from: "default" });
    expect(settingsOf("yahoo.com", "p")["max-smtp-out"]).toMatchObject({ value: "25", from: "<domain [*.]com> hermod.conf:11" });
  });

  it("lists every setting, with a value and a source, and a deeper match beats a shallower one", () => {
    for (const [domain, vmta] of [["gmail.com", "a"], ["mail.gmail.com", undefined], ["x.org", "b"]] as const) {
      const list = effectiveSettings(config, domain, vmta)!;
      expect(new Set(list.map((s) => s.directive))).toContain("bounce-after");
      expect(list.every((s) => s.value !== "" && s.from !== "")).toBe(true);
    }
    expect(settingsOf("mail.gmail.com")["max-smtp-out"]).toMatchObject({ value: "25", from: "<domain [*.]com> hermod.conf:11" });
  });

  it("leaves unset names out and is null for an unknown VirtualMTA", () => {
    const s = settingsOf("gmail.com");
    expect(s["queue-to"]).toBeUndefined();
    expect(s["smtp-pattern-list"]).toBeUndefined();
    expect(effectiveSettings(config, "gmail.com", "nope")).toBeNull();
  });
});
