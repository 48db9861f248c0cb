import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileConfigText, generateDkimKey } from "@/mta/index";
import { CONFIG_BLOCK_FIELDS, type TConfigBlockKind } from "../schemas/config";
import { compilerDiagnostics } from "./compiled-check";
import { checkBlockValues, checkConfigValue } from "./field-check";

let dir: string;
let configFile: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "hermod-field-check-"));
  configFile = path.join(dir, "hermod.conf");
  fs.mkdirSync(path.join(dir, "keys"));
  fs.writeFileSync(path.join(dir, "keys", "rsa.pem"), generateDkimKey("rsa-sha256").privateKeyPem);
  fs.writeFileSync(path.join(dir, "keys", "ed.pem"), generateDkimKey("ed25519-sha256").privateKeyPem);
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A value of each managed field that the compiler takes. */
const GOOD: Readonly<Record<TConfigBlockKind, Readonly<Record<string, string>>>> = {
  "virtual-mta": {
    "smtp-source-host": "192.0.2.10 mta1.example.com",
    "host-name": "mta1.example.com",
    "max-smtp-out": "20",
    "domain-key": "s1,example.com,keys/rsa.pem",
    "arc-seal": "arc1,forwarder.example,keys/rsa.pem",
  },
  "virtual-mta-pool": { "virtual-mta": "v1", "domain-key": "s2,*,keys/ed.pem", "arc-seal": "arc1,forwarder.example,keys/rsa.pem" },
  domain: {
    "smtp-hosts": "[192.0.2.1]:25",
    "retry-after": "10m,20m,1h",
    "bounce-after": "4d12h",
    "max-smtp-out": "20",
    "use-starttls": "yes",
    "require-starttls": "no",
    "max-msg-per-connection": "unlimited",
    "max-rcpt-per-transaction": "100",
    "queue-to": "example.com",
    "queue-priority": "50",
    "max-message-size": "25M",
    "dkim-sign": "no",
    "dkim-identity": "@example.com",
    "auth-username": "relay-user",
    "auth-password": "s3cret",
    "auth-oauth2-token": "ya29.a0AfB_byC",
    "use-unencrypted-plain-auth": "yes",
  },
  source: {
    "always-allow-relaying": "yes",
    "max-message-size": "25M",
    "max-rcpt-per-message": "1000",
    "default-virtual-mta": "v1",
    "process-x-virtual-mta": "yes",
    "process-x-job": "yes",
    "jobid-header": "X-Job",
    "pattern-list": "pl",
    "smtp-service": "no",
    "require-auth": "yes",
    "allow-unencrypted-plain-auth": "yes",
    "smtp-max-auth-failure-rate": "5/10m",
    "max-smtp-in-msg-rate": "1000/1h",
    "suppression-lists": "optouts, complaints",
    "accept-invalid-recipients": "yes",
    "verify-inbound-auth": "yes",
    "verify-inbound-auth-timeout": "8s",
  },
  "smtp-user": {
    password: "s3cret",
    source: "feeders",
    "allowed-mail-from": "example.com, *.example.com",
    "max-message-size": "10M",
    "max-smtp-in-msg-rate": "100/1m",
    "oauth2-token": "ya29.token",
  },
};

/** References to blocks the one-block probe does not have: the only thing the compiler may say about these lines. */
const DANGLING_REFERENCE = /^error: \S+ \S+: no <[^>]+> (or <[^>]+> )?is defined$/;

/** A file with one block of each kind, the way the console edits them. */
const BASE = `
<virtual-mta v1>
    smtp-source-host 192.0.2.10 mta1.example.com
</virtual-mta>
<virtual-mta-pool p1>
    virtual-mta v1
</virtual-mta-pool>
<domain *>
    max-smtp-out 20
</domain>
<source 10.0.0.0/8>
    always-allow-relaying yes
</source>
<smtp-user feeder1>
    password s3cret
</smtp-user>
`;

/** What applying the file with `directive value` in its `<kind>` block says about that line. */
function messageOnApply(kind: TConfigBlockKind, directive: string, value: string): string | undefined {
  const lines = BASE.split("\n");
  const at = lines.findIndex((l) => l.startsWith(`<${kind} `)) + 1;
  lines.splice(at, 0, `    ${directive} ${value}`);
  const { diagnostics } = compileConfigText(lines.join("\n"), { file: configFile });
  return diagnostics.find((d) => d.severity === "error" && d.line === at + 1)?.message;
}

describe("block editor fields checked by the engine's compiler", () => {
  it("every managed field is a directive the compiler knows and acts on in that block", () => {
    for (const kind of Object.keys(CONFIG_BLOCK_FIELDS) as TConfigBlockKind[]) {
      expect(Object.keys(GOOD[kind]).sort(), kind).toEqual([...CONFIG_BLOCK_FIELDS[kind]].sort());
      for (const [field, value] of Object.entries(GOOD[kind])) {
        for (const said of compilerDiagnostics(kind, field, value, configFile)) expect(said, `${kind}.${field}`).toMatch(DANGLING_REFERENCE);
        expect(checkConfigValue(kind, field, value, configFile), `${kind}.${field}`).toBeNull();
      }
    }
    // The probe does tell unknown and ignored directives apart from known ones.
    expect(compilerDiagnostics("source", "bogus-thing", "1", configFile)).toEqual([expect.stringMatching(/^error: unknown directive `bogus-thing`/)]);
    expect(compilerDiagnostics("source", "check-spf-inbound", "yes", configFile)).toEqual([expect.stringMatching(/^warning: .*does not act on yet/)]);
  });

  const BAD: [TConfigBlockKind, string, string, RegExp][] = [
    ["source", "require-auth", "maybe", /invalid boolean/],
    ["source", "smtp-max-auth-failure-rate", "5", /invalid rate "5"/],
    ["source", "max-smtp-in-msg-rate", "lots/h", /invalid rate/],
    ["source", "suppression-lists", "opt outs", /invalid suppression list name "opt outs"/],
    ["source", "verify-inbound-auth", "sometimes", /invalid boolean/],
    ["source", "verify-inbound-auth-timeout", "10x", /invalid time interval "10x"/],
    ["source", "smtp-service", "2", /invalid boolean/],
    ["smtp-user", "allowed-mail-from", "example.com, not a domain", /invalid domain "not a domain"/],
    ["smtp-user", "max-message-size", "25Q", /invalid size/],
    ["smtp-user", "max-smtp-in-msg-rate", "100", /invalid rate "100"/],
    ["smtp-user", "oauth2-token", "two words", /oauth2-token must not contain spaces/],
    ["virtual-mta", "domain-key", "s1,example.com", /domain-key takes SELECTOR,DOMAIN,FILE/],
    ["virtual-mta", "domain-key", "s1,example.com,keys/missing.pem", /cannot read the DKIM key file .*keys\/missing\.pem: file not found/],
    ["virtual-mta-pool", "domain-key", "bad_selector,example.com,keys/rsa.pem", /invalid DKIM selector "bad_selector"/],
    ["virtual-mta", "arc-seal", "arc1,forwarder.example,keys/ed.pem", /arc-seal needs an RSA key/],
    ["virtual-mta-pool", "arc-seal", "arc1,*,keys/rsa.pem", /arc-seal needs the sealing domain/],
    ["domain", "dkim-sign", "maybe", /dkim-sign takes yes, no or if-x-dkim-options-present/],
    ["domain", "dkim-identity", "not a domain", /dkim-identity takes sender-or-from/],
    ["domain", "auth-username", "two words", /auth-username must be one word/],
    ["domain", "auth-password", "two words", /auth-password must be one word/],
    ["domain", "auth-oauth2-token", "two words", /auth-oauth2-token must be one word/],
    ["domain", "use-unencrypted-plain-auth", "perhaps", /invalid boolean/],
  ];

  it.each(BAD)("<%s> %s %s is refused with the message applying the file would give", (kind, field, value, pattern) => {
    const expected = messageOnApply(kind, field, value);
    expect(expected).toMatch(pattern);
    expect(checkConfigValue(kind, field, value, configFile)).toBe(expected);
  });

  it("resolves key files from the config file's directory, on save as well as while typing", () => {
    expect(checkConfigValue("virtual-mta", "domain-key", "s1,example.com,keys/rsa.pem", configFile)).toBeNull();
    expect(checkConfigValue("virtual-mta", "domain-key", "s1,example.com,keys/rsa.pem", path.join(os.tmpdir(), "elsewhere", "hermod.conf"))).toMatch(/file not found/);
    expect(checkBlockValues("virtual-mta", "v2", { "domain-key": ["s1,example.com,keys/rsa.pem", "s2,example.com,keys/nope.pem"] }, configFile)).toEqual({
      "domain-key": expect.stringMatching(/keys\/nope\.pem: file not found/),
    });
  });
});
