import { describe, expect, it } from "vitest";
import { addressIn, dkimIdentity, identityDomain, readHeaders } from "./identity";

const head = "Received: by x\r\nFrom: \"Shop, Inc\" <News@Brand.Example>\r\nSender:\r\n  bulk@esp.example\r\nSubject: hi\r\n\r\nFrom: body@not.header\r\n";

describe("DKIM identity", () => {
  it("defaults to the From header's address", () => {
    expect(dkimIdentity(undefined, readHeaders(head))).toBe("News@Brand.Example");
  });

  it("takes the (folded) Sender header with sender-or-from, else From", () => {
    expect(dkimIdentity("sender-or-from", readHeaders(head))).toBe("bulk@esp.example");
    expect(dkimIdentity("sender-or-from", readHeaders("From: a@from.example\r\n\r\n"))).toBe("a@from.example");
  });

  it("uses a configured identity as is, and null when the message has no From", () => {
    expect(dkimIdentity("@example.org", readHeaders(head))).toBe("@example.org");
    expect(dkimIdentity(undefined, readHeaders("Subject: x\r\n\r\nFrom: body@x.test\r\n"))).toBeNull();
  });

  it("reads addresses in the usual header forms and lower-cases the domain", () => {
    expect(addressIn("user@example.com")).toBe("user@example.com");
    expect(addressIn("(comment) Name <u@e.test>")).toBe("u@e.test");
    expect(addressIn('"a@fake.test" <real@e.test>')).toBe("real@e.test");
    expect(addressIn("undisclosed-recipients:;")).toBeNull();
    expect(identityDomain("News@Brand.Example")).toBe("brand.example");
    expect(identityDomain("@bücher.example")).toBe("xn--bcher-kva.example");
  });
});
