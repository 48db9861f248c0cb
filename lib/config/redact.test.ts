import { describe, expect, it } from "vitest";
import { MASK, redactConfigText, redactDiff, redactLine } from "./redact";

describe("secret masking", () => {
  it("masks secret values and keeps indentation, names, file names and comments", () => {
    expect(redactLine("    password s3cret   # for the feeder")).toBe(`    password ${MASK}   # for the feeder`);
    expect(redactLine("  auth-password p@ss word")).toBe(`  auth-password ${MASK}`);
    expect(redactLine("  auth-oauth2-token ya29.a0AfB_byC")).toBe(`  auth-oauth2-token ${MASK}`);
    expect(redactLine("smtp-server-tls-certificate /etc/hermod/tls.pem keypass")).toBe(`smtp-server-tls-certificate /etc/hermod/tls.pem ${MASK}`);
    expect(redactLine("smtp-server-tls-certificate /etc/hermod/tls.pem")).toBe("smtp-server-tls-certificate /etc/hermod/tls.pem");
    expect(redactLine("HTTP-API-KEY abc")).toBe(`HTTP-API-KEY ${MASK}`);
    expect(redactLine("    oauth2-token ya29.secret")).toBe(`    oauth2-token ${MASK}`);
  });

  it("masks http-api-key values (the management service's admin keys) in texts and diffs", () => {
    const key = "Abc_123".repeat(6);
    const text = `http-mgmt-port 8080\nhttp-access 10/8 admin\nhttp-api-key ${key}   # ops team\n`;
    expect(redactConfigText(text)).toBe(`http-mgmt-port 8080\nhttp-access 10/8 admin\nhttp-api-key ${MASK}   # ops team\n`);
    expect(redactDiff(`@@ -1 +1 @@\n-http-api-key ${key}\n+http-api-key ${key}x\n`)).not.toContain(key);
  });

  it("leaves other lines alone", () => {
    for (const line of ["<smtp-user feeder>", "max-smtp-out 20", "# password hunter2", "password", ""]) expect(redactLine(line)).toBe(line);
  });

  it("masks whole texts (CRLF too) and the content lines of diffs", () => {
    expect(redactConfigText("<smtp-user a>\r\n  password x\r\n</smtp-user>\r\n")).toBe(`<smtp-user a>\r\n  password ${MASK}\r\n</smtp-user>\r\n`);
    const diff = "--- a (revision 1)\n+++ b\n@@ -1,2 +1,2 @@\n <smtp-user a>\n-  password old\n+  password new\n";
    expect(redactDiff(diff)).toBe(`--- a (revision 1)\n+++ b\n@@ -1,2 +1,2 @@\n <smtp-user a>\n-  password ${MASK}\n+  password ${MASK}\n`);
  });
});
