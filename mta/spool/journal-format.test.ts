import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { decodeSegment, encodeRecord, SEGMENT_MAGIC, type JournalRecord } from "./journal-format";

const idArb = fc.stringMatching(/^[0-9a-z]{1,20}$/);
const recordArb: fc.Arbitrary<JournalRecord> = fc.oneof(
  fc.record({
    kind: fc.constant("done" as const),
    id: idArb,
    recipients: fc.array(fc.nat({ max: 5000 }), { maxLength: 20 }),
  }),
  fc.record({
    kind: fc.constant("schedule" as const),
    id: idArb,
    attempts: fc.nat({ max: 1000 }),
    nextAttemptAt: fc.nat(),
  }),
);

const segment = (records: JournalRecord[]) => Buffer.concat([SEGMENT_MAGIC, ...records.map(encodeRecord)]);

describe("journal format", () => {
  it("round-trips any sequence of records", () => {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 30 }), (records) => {
        const decoded = decodeSegment(segment(records));
        expect(decoded).toEqual({ records, validMagic: true, ignoredBytes: 0 });
      }),
    );
  });

  it("after any truncation, decodes exactly the whole records before the cut", () => {
    fc.assert(
      fc.property(fc.array(recordArb, { minLength: 1, maxLength: 10 }), fc.nat(), (records, cutSeed) => {
        const bytes = segment(records);
        const cut = SEGMENT_MAGIC.length + (cutSeed % (bytes.length - SEGMENT_MAGIC.length + 1));
        const decoded = decodeSegment(bytes.subarray(0, cut));
        let whole = 0;
        let end = SEGMENT_MAGIC.length;
        for (const r of records) {
          const next = end + encodeRecord(r).length;
          if (next > cut) break;
          end = next;
          whole++;
        }
        expect(decoded.records).toEqual(records.slice(0, whole));
        expect(decoded.ignoredBytes).toBe(cut - end);
      }),
    );
  });

  it("stops at garbage or a zero-filled tail and never throws", () => {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 5 }), fc.uint8Array({ maxLength: 64 }), (records, junk) => {
        const decoded = decodeSegment(Buffer.concat([segment(records), Buffer.from(junk)]));
        expect(decoded.records.slice(0, records.length)).toEqual(records);
      }),
    );
    const zeros = decodeSegment(Buffer.concat([segment([{ kind: "done", id: "a", recipients: [0] }]), Buffer.alloc(100)]));
    expect(zeros.records).toHaveLength(1);
    expect(zeros.ignoredBytes).toBe(100);
    expect(decodeSegment(Buffer.from("garbage")).validMagic).toBe(false);
  });

  it("rejects a checksummed record with a bad payload shape", () => {
    const good = encodeRecord({ kind: "done", id: "a", recipients: [1] });
    const bad = Buffer.from(good);
    bad.write('["d","a",[-1]]'.padEnd(good.length - 8, " "), 8);
    expect(decodeSegment(Buffer.concat([SEGMENT_MAGIC, bad])).records).toEqual([]);
  });
});
