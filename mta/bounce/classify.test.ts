import { describe, expect, it } from "vitest";
import { BOUNCE_CATEGORIES, PATTERN_CATEGORIES, isBounceCategory } from "./categories";
import { DEFAULT_BOUNCE_RULES, classifyBounce, type BounceRule } from "./classify";

/** Replies as the big receivers and common MTAs actually send them (multi-line ones with CRLF). */
const CASES: [string, string, string][] = [
  // Gmail
  ["gmail user unknown", "550-5.1.1 The email account that you tried to reach does not exist. Please try\r\n550-5.1.1 double-checking the recipient's email address for typos or\r\n550-5.1.1 unnecessary spaces. Learn more at\r\n550 5.1.1  https://support.google.com/mail/?p=NoSuchUser a1si123 - gsmtp", "bad-mailbox"],
  ["gmail over quota", "452-4.2.2 The email account that you tried to reach is over quota. Please direct\r\n452 4.2.2 the recipient to https://support.google.com/mail/?p=OverQuotaTemp - gsmtp", "quota-issues"],
  ["gmail spam", "550-5.7.1 [192.0.2.10] Our system has detected that this message is likely\r\n550-5.7.1 unsolicited mail. To reduce the amount of spam sent to Gmail, this\r\n550 5.7.1 message has been blocked. - gsmtp", "spam-related"],
  ["gmail rate limited", "421-4.7.28 [192.0.2.10] Our system has detected an unusual rate of\r\n421 4.7.28 unsolicited mail originating from your IP address. - gsmtp", "spam-related"],
  ["gmail delivered", "250 2.0.0 OK  1700000000 a1si123 - gsmtp", "success"],
  // Outlook / Microsoft 365
  ["outlook mailbox unavailable", "550 5.5.0 Requested action not taken: mailbox unavailable (S2017062302). [AM0EUR02FT012.eop-EUR02.prod.protection.outlook.com]", "bad-mailbox"],
  ["outlook spamhaus", "550 5.7.1 Service unavailable, Client host [192.0.2.10] blocked using Spamhaus. To request removal from this list see https://www.spamhaus.org/query/ip/192.0.2.10 (AS3130)", "spam-related"],
  ["outlook policy", "550 SC-002 (BAY004-MC5F20) Unfortunately, messages from 192.0.2.10 weren't sent. Mail rejected by Outlook.com for policy reasons.", "policy-related"],
  ["outlook user unknown in directory", "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup", "bad-mailbox"],
  // Yahoo
  ["yahoo no account", "554 delivery error: dd This user doesn't have a yahoo.com account (ann@yahoo.com) [0] - mta1000.mail.gq1.yahoo.com", "bad-mailbox"],
  ["yahoo spamhaus", "553 5.7.1 [BL21] Connections will not be accepted from 192.0.2.10, because the ip is in Spamhaus's list; see https://postmaster.yahooinc.com/error-codes", "spam-related"],
  ["yahoo mailbox not found", "552 1 Requested mail action aborted, mailbox not found", "bad-mailbox"],
  // Postfix
  ["postfix user unknown", "550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown in virtual mailbox table", "bad-mailbox"],
  ["postfix relay denied", "554 5.7.1 <bob@example.org>: Relay access denied", "relaying-issues"],
  ["postfix rbl", "554 5.7.1 Service unavailable; Client host [192.0.2.10] blocked using zen.spamhaus.org", "spam-related"],
  ["postfix mailbox full", "552 5.2.2 <bob@example.org>: Recipient address rejected: Mailbox is full", "quota-issues"],
  ["postfix storage", "452 4.3.1 Insufficient system storage", "quota-issues"],
  ["postfix bad sequence", "503 5.5.1 Error: need RCPT command... bad sequence of commands", "protocol-errors"],
  // PowerMTA's defaults have no "domain not found" rule, so `rejected` wins; a custom rule can fix it.
  ["postfix domain not found", "450 4.1.2 <bob@nowhere.example>: Recipient address rejected: Domain not found", "policy-related"],
  // Exim
  ["exim no such user", "550 No Such User Here", "bad-mailbox"],
  ["exim unrouteable", "550 Unrouteable address", "routing-errors"],
  ["exim relay", "550 relay not permitted", "relaying-issues"],
  ["exim quota", "552 5.2.2 Mailbox quota exceeded", "quota-issues"],
  ["exim virus", "550 5.7.0 This message contains a virus (Eicar-Test-Signature) and has been rejected", "virus-related"],
  // Content, inactive, domains
  ["content", "554 5.6.0 Message content rejected", "content-related"],
  ["inactive", "550 5.2.1 Mailbox disabled: account has been disabled", "inactive-mailbox"],
  ["bad domain text", "550 5.1.2 Host unknown: domain invalid", "bad-domain"],
  // DSN-code rules with bland text
  ["5.1.1 bland", "550 5.1.1 Go away", "bad-mailbox"],
  ["5.1.2 bland", "550 5.1.2 Nope", "bad-domain"],
  ["4.4.1", "421 4.4.1 Try later", "no-answer-from-host"],
  ["4.4.2", "421 4.4.2 Connection dropped", "bad-connection"],
  ["4.4.7 local", "4.4.7 delivery time expired", "message-expired"],
  ["3.5", "554 5.3.5 System incorrectly configured", "bad-configuration"],
  ["7.1 bland", "550 5.7.1 Go away", "policy-related"],
  ["smtp; prefix", "smtp;550 5.1.1 no", "bad-mailbox"],
  ["no enhanced 250", "250 Ok", "success"],
  // Local reasons from Hermod's delivery code
  ["connection timed out", "Connection timed out", "no-answer-from-host"],
  ["node ETIMEDOUT", "connect ETIMEDOUT 192.0.2.20:25", "no-answer-from-host"],
  ["connection refused", "Connection refused", "bad-connection"],
  ["node ECONNREFUSED", "connect ECONNREFUSED 192.0.2.20:25", "bad-connection"],
  ["dns", "queryMx ENOTFOUND nowhere.example", "bad-domain"],
  // The same, as the dispatcher words a failed connection: `CODE ip:port: message`
  ["dispatcher refused", "ESOCKET 192.0.2.20:25: connect ECONNREFUSED 192.0.2.20:25", "bad-connection"],
  ["dispatcher greeting timeout", "ETIMEDOUT 192.0.2.20:25: Greeting never received", "no-answer-from-host"],
  ["require-starttls", "ETLS 192.0.2.20:25: require-starttls: STARTTLS was not offered by the host", "bad-connection"],
  // Catch-all
  ["unknown", "451 4.3.0 Temporary hiccup", "other"],
  ["empty", "", "other"],
];

describe("classifyBounce", () => {
  it.each(CASES)("%s", (_name, reply, category) => {
    expect(classifyBounce(reply)).toBe(category);
  });

  it("lets custom rules win over the defaults, in their own order", () => {
    const custom: BounceRule[] = [
      { pattern: /RESOLVER\.ADR\.RecipientNotFound/, category: "inactive-mailbox" },
      { pattern: /gsmtp/, category: "other" },
    ];
    expect(classifyBounce("550 5.1.10 RESOLVER.ADR.RecipientNotFound; not found", custom)).toBe("inactive-mailbox");
    expect(classifyBounce("550 5.1.1 user unknown - gsmtp", custom)).toBe("other");
    expect(classifyBounce("550 5.1.1 user unknown", custom)).toBe("bad-mailbox");
  });

  it("lets custom rules match the enhanced code", () => {
    expect(classifyBounce("550 5.7.26 Unauthenticated email", [{ pattern: /^5\.7\.2[0-7]$/, category: "invalid-sender" }])).toBe("invalid-sender");
  });

  it("matches a local reason without a code of its own by the status Hermod gave it", () => {
    expect(classifyBounce("VirtualMTA gone is not configured", [], "4.3.5")).toBe("bad-configuration");
    expect(classifyBounce("VirtualMTA gone is not configured")).toBe("other");
    // A reply's own code wins over the local status.
    expect(classifyBounce("550 5.1.1 nope", [], "4.3.5")).toBe("bad-mailbox");
  });

  it("is not confused by stateful /g rules", () => {
    const custom: BounceRule[] = [{ pattern: /hit/g, category: "content-related" }];
    expect(classifyBounce("550 hit", custom)).toBe("content-related");
    expect(classifyBounce("550 hit", custom)).toBe("content-related");
  });

  it("ends the default list with a catch-all and only names known categories", () => {
    expect(DEFAULT_BOUNCE_RULES.at(-1)?.category).toBe("other");
    for (const r of DEFAULT_BOUNCE_RULES) expect(isBounceCategory(r.category)).toBe(true);
  });

  it("stays fast on long hostile input", () => {
    const out = classifyBounce(`550 ${"a".repeat(100_000)}@${"b".repeat(100_000)}`);
    expect(out).toBe("other");
  });
});

describe("categories", () => {
  it("has PowerMTA's 17 categories plus success for patterns", () => {
    expect(BOUNCE_CATEGORIES).toHaveLength(17);
    expect(PATTERN_CATEGORIES).toContain("success");
    expect(isBounceCategory("hard-bounce")).toBe(false);
  });
});
