import { describe, expect, it } from "vitest";
import type { DeliveryRecordDto, DeliveryRecordFilter } from "../../db/delivery-record-repository";
import { EXPORT_COLUMNS, csvCell, recordsCsvStream } from "./records-csv";
import { searchRecords } from "./search-records";

function dto(id: number, over: Partial<DeliveryRecordDto> = {}): DeliveryRecordDto {
  return {
    id, type: "d", timeLogged: Date.UTC(2026, 0, 31, 10, 0, 5), timeQueued: Date.UTC(2026, 0, 31, 10, 0, 1), orig: "s@x.test", rcpt: `r${id}@y.test`,
    orcpt: "", dsnAction: "relayed", dsnStatus: "2.0.0 (success)", dsnDiag: "smtp;250 2.0.0 OK, queued", dsnMta: "mx.y.test (192.0.2.1)", bounceCat: "",
    srcType: "smtp", srcMta: "app (10.0.0.1)", dlvType: "smtp", dlvSourceIp: "10.0.0.2", dlvDestinationIp: "192.0.2.1", dlvEsmtpAvailable: "PIPELINING",
    dlvSize: 1234, vmta: "v1", jobId: "j", envId: "", queue: "y.test/v1", vmtaPool: "", dlvTlsProtocol: "", dlvTlsCipher: "", messageId: `m${id}`, ...over,
  };
}

/** A repository over `n` records with ids n..1, honouring limit and beforeId like the database. */
function fakeRepo(n: number) {
  const calls: { limit: number; beforeId?: number }[] = [];
  return {
    calls,
    async search(_f: DeliveryRecordFilter, o: { limit: number; beforeId?: number }) {
      calls.push(o);
      const top = Math.min(n, (o.beforeId ?? n + 1) - 1);
      return Array.from({ length: Math.max(0, Math.min(o.limit, top)) }, (_, i) => dto(top - i));
    },
    async ofMessage() {
      return [];
    },
  };
}

async function text(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe("records CSV", () => {
  it("writes PowerMTA's header and one CRLF line per record, times in acct format, quoting as needed", async () => {
    const out = await text(recordsCsvStream({}, fakeRepo(2), 100, 10));
    const lines = out.split("\r\n");
    expect(lines[0]).toBe(EXPORT_COLUMNS.join(","));
    expect(lines[0].startsWith("type,timeLogged,timeQueued,orig,rcpt,orcpt,dsnAction,dsnStatus,dsnDiag,dsnMta,bounceCat")).toBe(true);
    expect(lines[1]).toBe(
      'd,2026-01-31 10:00:05+0000,2026-01-31 10:00:01+0000,s@x.test,r2@y.test,,relayed,2.0.0 (success),"smtp;250 2.0.0 OK, queued",mx.y.test (192.0.2.1),,smtp,app (10.0.0.1),smtp,10.0.0.2,192.0.2.1,PIPELINING,1234,v1,j,,y.test/v1,,,,m2',
    );
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe("");
  });

  it("defuses spreadsheet formulas", () => {
    expect(csvCell("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
  });

  it("reads keyset batches and stops at the cap", async () => {
    const repo = fakeRepo(25);
    const out = await text(recordsCsvStream({}, repo, 22, 10));
    expect(out.trimEnd().split("\r\n")).toHaveLength(1 + 22);
    expect(repo.calls).toEqual([{ limit: 10, beforeId: undefined }, { limit: 10, beforeId: 16 }, { limit: 2, beforeId: 6 }]);
  });
});

describe("searchRecords", () => {
  it("gives a page and the cursor of the next one, null on the last page", async () => {
    const repo = fakeRepo(5);
    const first = await searchRecords({ cursor: undefined } as never, repo, 2);
    expect(first.rows.map((r) => r.id)).toEqual([5, 4]);
    expect(first.nextCursor).toBe(4);
    const last = await searchRecords({ cursor: 2 } as never, repo, 2);
    expect(last).toEqual({ rows: [expect.objectContaining({ id: 1 })], nextCursor: null });
  });
});
