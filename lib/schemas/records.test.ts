import { describe, expect, it } from "vitest";
import { BOUNCE_CATEGORIES as ENGINE_CATEGORIES } from "@/mta/index";
import { BOUNCE_CATEGORIES, ZRecordSearch, fieldErrorsOf, searchParamsObject } from "./records";

const parse = (q: string) => ZRecordSearch.safeParse(searchParamsObject(new URLSearchParams(q)));

describe("BOUNCE_CATEGORIES", () => {
  it("is the engine's list (the client bundle keeps its own copy)", () => {
    expect([...BOUNCE_CATEGORIES]).toEqual([...ENGINE_CATEGORIES]);
  });
});

describe("ZRecordSearch", () => {
  it("reads every filter, treats empty fields as absent and lower-cases the domain", () => {
    const r = parse("rcpt=ann@x.test&orig=&domain=Example.COM&jobId=j1&vmta=v1&category=bad-mailbox&type=b,t&from=2026-01-31T10:00&to=2026-02-01&cursor=42");
    expect(r.success && r.data).toEqual({
      rcpt: "ann@x.test",
      orig: undefined,
      domain: "example.com",
      jobId: "j1",
      vmta: "v1",
      category: "bad-mailbox",
      type: ["b", "t"],
      from: Date.UTC(2026, 0, 31, 10, 0),
      to: Date.UTC(2026, 1, 1),
      cursor: 42,
    });
    expect(parse("from=2026-01-31T10:00:00%2B02:00").success && parse("from=2026-01-31T10:00:00%2B02:00").data).toMatchObject({ from: Date.UTC(2026, 0, 31, 8, 0) });
  });

  it("explains each invalid field, and refuses unknown parameters", () => {
    const r = parse("type=x&category=nope&from=yesterday&cursor=-1&domain=a@b.test&colour=red");
    expect(r.success).toBe(false);
    const errors = fieldErrorsOf(r.error!);
    expect(errors).toMatchObject({
      type: expect.stringContaining("d (delivered)"),
      category: "Not a bounce category.",
      from: expect.stringContaining("YYYY-MM-DD"),
      cursor: "The cursor is a record id.",
      domain: expect.stringContaining("part after @"),
      colour: 'Unknown search parameter "colour".',
    });
  });

  it("refuses a time range that ends before it starts", () => {
    const r = parse("from=2026-02-01&to=2026-01-01");
    expect(r.success).toBe(false);
    expect(fieldErrorsOf(r.error!)).toEqual({ to: "From must be before To." });
  });
});
