import { describe, expect, it } from "vitest";
import { removeBlock, saveBlock } from "./block-edit";
import { readConfigBlocks } from "./block-model";

const BASE = [
  "# Hermod test config",
  "smtp-listener 127.0.0.1:2525",
  "",
  "<source 127.0.0.1>",
  "    always-allow-relaying yes   # feeders on this host",
  "    # keep: local tooling relays too",
  "</source>",
  "",
  "<virtual-mta vmta1>",
  "    smtp-source-host 192.0.2.1 mta1.example.test",
  "    smtp-source-host 192.0.2.2 mta2.example.test",
  "    max-smtp-out 10",
  "    <domain gmail.com>",
  "        max-smtp-out 2",
  "    </domain>",
  "</virtual-mta>",
  "",
  "<domain *>",
  "    smtp-hosts [127.0.0.1]:2600",
  "</domain>",
  "",
].join("\n");

function ok(r: ReturnType<typeof saveBlock>): string {
  if (!r.ok) throw new Error(r.error);
  return r.text;
}

/** The lines of `after` that are not in `before`, and the reverse (a multiset diff is enough here). */
function changed(before: string, after: string) {
  const a = before.split("\n");
  const b = after.split("\n");
  return { added: b.filter((l) => !a.includes(l)), removed: a.filter((l) => !b.includes(l)) };
}

describe("block edits by line range", () => {
  it("reads the managed values and names what it keeps", () => {
    const blocks = readConfigBlocks(BASE)!;
    expect(blocks.map((b) => [b.kind, b.arg, b.line, b.endLine])).toEqual([
      ["source", "127.0.0.1", 4, 7],
      ["virtual-mta", "vmta1", 9, 16],
      ["domain", "*", 18, 20],
    ]);
    expect(blocks[1].values).toEqual({ "smtp-source-host": ["192.0.2.1 mta1.example.test", "192.0.2.2 mta2.example.test"], "max-smtp-out": ["10"] });
    expect(blocks[1].kept).toEqual(["<domain gmail.com>"]);
    expect(readConfigBlocks("<source x>\n")).toBeNull();
  });

  it("inserts a directive before the closing tag and leaves every other line as it was", () => {
    const text = ok(saveBlock(BASE, { kind: "source", match: "127.0.0.1", arg: "127.0.0.1", values: { "always-allow-relaying": ["yes"], "process-x-virtual-mta": ["yes"] } }));
    expect(changed(BASE, text)).toEqual({ added: ["    process-x-virtual-mta yes"], removed: [] });
    expect(text.split("\n").slice(3, 8)).toEqual([
      "<source 127.0.0.1>",
      "    always-allow-relaying yes   # feeders on this host",
      "    # keep: local tooling relays too",
      "    process-x-virtual-mta yes",
      "</source>",
    ]);
  });

  it("changes values in place, keeping trailing comments, and removes emptied directives", () => {
    const text = ok(saveBlock(BASE, { kind: "source", match: "127.0.0.1", arg: "127.0.0.1", values: { "always-allow-relaying": ["no"] } }));
    expect(changed(BASE, text)).toEqual({ added: ["    always-allow-relaying no   # feeders on this host"], removed: ["    always-allow-relaying yes   # feeders on this host"] });
    const cleared = ok(saveBlock(BASE, { kind: "virtual-mta", match: "vmta1", arg: "vmta1", values: { "max-smtp-out": [] } }));
    expect(changed(BASE, cleared)).toEqual({ added: [], removed: ["    max-smtp-out 10"] });
    // The nested <domain>'s own max-smtp-out is not the VirtualMTA's.
    expect(cleared).toContain("        max-smtp-out 2");
  });

  it("replaces a list pairwise: fewer values drop lines, more values follow the last one", () => {
    const fewer = ok(saveBlock(BASE, { kind: "virtual-mta", match: "vmta1", arg: "vmta1", values: { "smtp-source-host": ["192.0.2.9 mta9.example.test"] } }));
    expect(changed(BASE, fewer)).toEqual({
      added: ["    smtp-source-host 192.0.2.9 mta9.example.test"],
      removed: ["    smtp-source-host 192.0.2.1 mta1.example.test", "    smtp-source-host 192.0.2.2 mta2.example.test"],
    });
    const more = ok(
      saveBlock(BASE, {
        kind: "virtual-mta",
        match: "vmta1",
        arg: "vmta1",
        values: { "smtp-source-host": ["192.0.2.1 mta1.example.test", "192.0.2.2 mta2.example.test", "192.0.2.3 mta3.example.test"] },
      }),
    );
    expect(more.split("\n").slice(9, 13)).toEqual([
      "    smtp-source-host 192.0.2.1 mta1.example.test",
      "    smtp-source-host 192.0.2.2 mta2.example.test",
      "    smtp-source-host 192.0.2.3 mta3.example.test",
      "    max-smtp-out 10",
    ]);
  });

  it("renames a block on its opening line", () => {
    const text = ok(saveBlock(BASE, { kind: "virtual-mta", match: "vmta1", arg: "vmta-east", values: {} }));
    expect(changed(BASE, text)).toEqual({ added: ["<virtual-mta vmta-east>"], removed: ["<virtual-mta vmta1>"] });
  });

  it("adds a new block after the last one of its kind, or at the end", () => {
    const vmta = ok(
      saveBlock(BASE, { kind: "virtual-mta", arg: "vmta-e2e", values: { "smtp-source-host": ["127.0.0.2 vmta-e2e.hermod.test"], "host-name": [], "max-smtp-out": [""] } }),
    );
    expect(vmta.split("\n").slice(15, 21)).toEqual(["</virtual-mta>", "", "<virtual-mta vmta-e2e>", "    smtp-source-host 127.0.0.2 vmta-e2e.hermod.test", "</virtual-mta>", ""]);
    expect(vmta.split("\n").slice(21, 24)).toEqual(["<domain *>", "    smtp-hosts [127.0.0.1]:2600", "</domain>"]);

    const user = ok(saveBlock("smtp-listener 127.0.0.1:25", { kind: "smtp-user", arg: "feeder", values: { password: ["s3cret"] } }));
    expect(user).toBe("smtp-listener 127.0.0.1:25\n\n<smtp-user feeder>\n    password s3cret\n</smtp-user>\n");
  });

  it("removes a block by its exact range, leaving a single blank line", () => {
    const r = removeBlock(BASE, "virtual-mta", "VMTA1");
    if (!r.ok) throw new Error(r.error);
    expect(r.text).toBe(BASE.replace(/<virtual-mta vmta1>[\s\S]*?<\/virtual-mta>\n\n/, ""));
    const last = removeBlock(BASE, "domain", "*");
    if (!last.ok) throw new Error(last.error);
    expect(last.text.endsWith("</virtual-mta>\n")).toBe(true);
  });

  it("keeps CRLF line endings", () => {
    const crlf = BASE.replace(/\n/g, "\r\n");
    const text = ok(saveBlock(crlf, { kind: "domain", match: "*", arg: "*", values: { "retry-after": ["10m,20m"] } }));
    expect(text).toBe(crlf.replace("[127.0.0.1]:2600\r\n", "[127.0.0.1]:2600\r\n    retry-after 10m,20m\r\n"));
  });

  it("refuses duplicates, missing blocks and texts that do not parse", () => {
    expect(saveBlock(BASE, { kind: "virtual-mta", arg: "VMTA1", values: {} })).toEqual({ ok: false, error: "<virtual-mta vmta1> already exists (line 9)." });
    expect(saveBlock(BASE, { kind: "domain", match: "*", arg: "*.example.com", values: {} }).ok).toBe(true);
    expect(saveBlock(BASE, { kind: "domain", match: "gone.example", arg: "gone.example", values: {} })).toMatchObject({ ok: false, error: expect.stringMatching(/no longer in the configuration/) });
    expect(removeBlock("<domain *>\n", "domain", "*")).toMatchObject({ ok: false, error: expect.stringMatching(/does not parse \(line 1: /) });
  });
});
