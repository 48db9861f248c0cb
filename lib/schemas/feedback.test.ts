import { describe, expect, it } from "vitest";
import { ZFeedbackSearch } from "./feedback";
import { fieldErrorsOf } from "./records";

describe("ZFeedbackSearch", () => {
  it("reads the filters, empty fields as absent", () => {
    expect(ZFeedbackSearch.parse({ type: "f", feedbackType: " Abuse ", rcpt: "a@b.test", from: "2026-11-01", to: "2026-11-02T10:00", cursor: "42" })).toEqual({
      type: "f",
      feedbackType: "abuse",
      rcpt: "a@b.test",
      from: Date.parse("2026-11-01T00:00Z"),
      to: Date.parse("2026-11-02T10:00Z"),
      cursor: 42,
    });
    expect(ZFeedbackSearch.parse({ type: "", rcpt: " " })).toEqual({});
  });

  it("refuses bad values and unknown parameters with a message per field", () => {
    const r = ZFeedbackSearch.safeParse({ type: "d", from: "yesterday", cursor: "-1", bogus: "1" });
    expect(r.success).toBe(false);
    expect(fieldErrorsOf(r.error!)).toEqual({
      type: "Type is f (complaint), rb (remote bounce) or rs (remote status).",
      from: "A time is YYYY-MM-DD, YYYY-MM-DDTHH:MM (UTC) or ISO 8601 with a zone.",
      cursor: "The cursor is a record id.",
      bogus: 'Unknown search parameter "bogus".',
    });
    const order = ZFeedbackSearch.safeParse({ from: "2026-11-02", to: "2026-11-01" });
    expect(fieldErrorsOf(order.error!)).toEqual({ to: "From must be before To." });
  });
});
