import { describe, expect, it } from "vitest";
import os from "node:os";
import { compileOrThrow } from "../testing/harness";
import { matchReply } from "./smtp-patterns";

const config = compileOrThrow(
  `<smtp-pattern-list provider>
    reply /rate limited/ mode=backoff
    reply /(?-i)^421 Exact/ defer-queue
    reply /^4\\d\\d .*rate/ mode=normal
    reply /blocked.*spamhaus/ disable-source-ip,reenable-after=10m
</smtp-pattern-list>
`,
  os.tmpdir(),
);

describe("matchReply", () => {
  it("returns the first matching rule's action, not a later one that also matches", () => {
    expect(matchReply(config, "provider", "421 4.7.0 rate limited, try later")).toEqual({ mode: "backoff" });
  });

  it("matches case-insensitively unless the rule starts with (?-i)", () => {
    expect(matchReply(config, "provider", "421 4.7.0 RATE LIMITED")).toEqual({ mode: "backoff" });
    expect(matchReply(config, "provider", "421 Exact wording")).toEqual({ deferQueue: true });
    expect(matchReply(config, "provider", "421 exact wording")).toBeUndefined();
  });

  it("matches a multi-line reply as one line", () => {
    expect(matchReply(config, "provider", "554-5.7.1 blocked\r\n554 5.7.1 see spamhaus")).toEqual({ disableSourceIp: true, reenableAfter: 600_000 });
  });

  it("finds nothing without a list, for an unknown list, or without a match", () => {
    expect(matchReply(config, undefined, "421 rate limited")).toBeUndefined();
    expect(matchReply(config, "other", "421 rate limited")).toBeUndefined();
    expect(matchReply(config, "provider", "250 ok")).toBeUndefined();
  });
});
