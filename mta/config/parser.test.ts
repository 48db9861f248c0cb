import { describe, expect, it } from "vitest";
import type { BlockNode } from "./ast";
import { parse } from "./parser";

describe("parse", () => {
  it("builds nested blocks and directives with locations", () => {
    const text = [
      "host-name a.example",
      "<virtual-mta v1>",
      "  smtp-source-host 1.2.3.4 a.example",
      "  <domain *>",
      "    max-smtp-out 5",
      "  </domain>",
      "</virtual-mta>",
    ].join("\n");
    const { nodes, diagnostics } = parse(text, "main.conf");
    expect(diagnostics).toEqual([]);
    expect(nodes.map((n) => n.type)).toEqual(["directive", "block"]);
    const vmta = nodes[1] as BlockNode;
    expect(vmta).toMatchObject({ tag: "virtual-mta", arg: "v1", loc: { file: "main.conf", line: 2, col: 1 } });
    const domain = vmta.children[1] as BlockNode;
    expect(domain).toMatchObject({ tag: "domain", arg: "*", loc: { line: 4, col: 3 } });
    expect(domain.children[0]).toMatchObject({ type: "directive", name: "max-smtp-out", value: "5", loc: { line: 5, col: 5 } });
  });

  it("reports an unclosed tag where it was opened", () => {
    const { diagnostics } = parse("<domain x.com>\n  bounce-after 1d\n", "f");
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ file: "f", line: 1, col: 1, severity: "error" });
    expect(diagnostics[0].message).toBe("<domain x.com> is never closed (missing </domain>)");
  });

  it("reports a closing tag without an opening one", () => {
    const { diagnostics, nodes } = parse("host-name a.b\n  </source>", "f");
    expect(nodes).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ line: 2, col: 3 });
    expect(diagnostics[0].message).toBe("</source> has no matching <source>");
  });

  it("reports mismatched nesting at the closing tag and recovers", () => {
    const text = "<virtual-mta v>\n<domain *>\n</virtual-mta>\nhost-name a.b";
    const { diagnostics, nodes } = parse(text, "f");
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ line: 3, col: 1 });
    expect(diagnostics[0].message).toContain("<domain> opened at f:2:1 is still open");
    expect(nodes.map((n) => n.type)).toEqual(["block", "directive"]);
  });

  it("accepts blank lines and comment-only files", () => {
    expect(parse("\n# nothing\n\n", "f")).toEqual({ nodes: [], diagnostics: [] });
  });

  it("records where each block closes, so an editor can replace its exact line range", () => {
    const text = "<virtual-mta v1>\n  <domain *>\n    max-smtp-out 5\n  </domain>\n\n</virtual-mta>\n<source 0/0>\n</source>";
    const [vmta, source] = parse(text, "f").nodes as BlockNode[];
    expect([vmta.loc.line, vmta.endLoc.line]).toEqual([1, 6]);
    expect((vmta.children[0] as BlockNode).endLoc).toEqual({ file: "f", line: 4, col: 3 });
    expect([source.loc.line, source.endLoc.line]).toEqual([7, 8]);
  });

  it("ends a block that is never closed at the end of the file, and one closed by an outer tag there", () => {
    const unclosed = parse("<domain a.com>\n  max-smtp-out 1\n", "f").nodes[0] as BlockNode;
    expect(unclosed.endLoc.line).toBe(3);
    const inner = (parse("<virtual-mta v>\n<domain *>\n</virtual-mta>", "f").nodes[0] as BlockNode).children[0] as BlockNode;
    expect(inner.endLoc.line).toBe(3);
  });

  it("opens PowerMTA's conditional pattern list at the end of a rule line", () => {
    const text = "<pattern-list p>\n  mail-from /news/ <pattern-list>   # conditional\n    * virtual-mta=v\n  </pattern-list>\n</pattern-list>";
    const { nodes, diagnostics } = parse(text, "f");
    expect(diagnostics).toEqual([]);
    const [rule, nested] = (nodes[0] as BlockNode).children;
    expect(rule).toMatchObject({ type: "directive", name: "mail-from", value: "/news/", loc: { line: 2, col: 3 } });
    expect(nested).toMatchObject({ type: "block", tag: "pattern-list", arg: "", loc: { line: 2, col: 20 }, endLoc: { line: 4 } });
    expect((nested as BlockNode).children).toEqual([expect.objectContaining({ name: "*", value: "virtual-mta=v" })]);
  });
});

