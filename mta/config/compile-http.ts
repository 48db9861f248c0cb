/**
 * The management service's global directives (UG5.0 §3.3.1.36):
 *
 *   http-mgmt-port N          0 disables the service; PowerMTA's default is 8080; a repeat warns, the last wins
 *   http-access CIDR LEVEL    LEVEL: none | monitor[,deny-logs] | operator | admin; ordered, first match wins
 *   http-api-key KEY          32-128 of [A-Za-z0-9_]; repeatable; a request bearing one is admin
 *
 * A file with any `http-access` line replaces the stock list (this host only, read-only) with its own.
 * An API key is a secret: no diagnostic repeats it.
 */

import type { DirectiveNode } from "./ast";
import { formatCidr, parseCidr } from "./cidr";
import { shift, where, type Diagnostics } from "./diagnostics";
import type { HttpAccessLevel, HttpMgmtConfig, SourceLocation } from "./types";

/** PowerMTA's stock config: the management service on 8080, read-only for this host only. */
export const DEFAULT_HTTP_MGMT: Readonly<HttpMgmtConfig> = {
  port: 8080,
  access: [
    { cidr: "127.0.0.1/32", level: "monitor" },
    { cidr: "::1/128", level: "monitor" },
  ],
  apiKeys: [],
};

export const HTTP_DIRECTIVES: ReadonlySet<string> = new Set(["http-mgmt-port", "http-access", "http-api-key"]);

const LEVELS: ReadonlySet<string> = new Set<HttpAccessLevel>(["none", "monitor", "operator", "admin"]);
const API_KEY = /^[A-Za-z0-9_]{32,128}$/;

/** What the file said so far. */
export interface HttpBuilder {
  port?: { value: number; loc: SourceLocation };
  access: HttpMgmtConfig["access"];
  apiKeys: { value: string; loc: SourceLocation }[];
}

export function httpBuilder(): HttpBuilder {
  return { access: [], apiKeys: [] };
}

/** Reads one of HTTP_DIRECTIVES into `out`; reports problems at the offending word. */
export function compileHttpDirective(d: DirectiveNode, out: HttpBuilder, diags: Diagnostics): void {
  if (d.name === "http-mgmt-port") mgmtPort(d, out, diags);
  else if (d.name === "http-access") access(d, out, diags);
  else apiKey(d, out, diags);
}

/** The compiled section: the file's access list when it has one, else the stock list. */
export function httpConfig(out: HttpBuilder): HttpMgmtConfig {
  return {
    port: out.port?.value ?? DEFAULT_HTTP_MGMT.port,
    access: out.access.length > 0 ? out.access : DEFAULT_HTTP_MGMT.access.map((a) => ({ ...a })),
    apiKeys: out.apiKeys.map((k) => k.value),
  };
}

function wordLoc(d: DirectiveNode, index: number): SourceLocation {
  const w = d.words[index];
  return w ? shift(d.loc, w.col - d.loc.col) : d.valueLoc;
}

function mgmtPort(d: DirectiveNode, out: HttpBuilder, diags: Diagnostics): void {
  if (d.words.length !== 1) {
    diags.error(d.words.length > 1 ? wordLoc(d, 1) : d.valueLoc, "http-mgmt-port takes one port number (0 disables the management service)");
    return;
  }
  const text = d.words[0].text;
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) {
    diags.error(d.valueLoc, `invalid http-mgmt-port "${text}": expected a port from 1 to 65535, or 0 to disable the management service`);
    return;
  }
  if (out.port) diags.warning(d.loc, `\`http-mgmt-port\` is already set at ${where(out.port.loc)}; the last one wins`);
  out.port = { value: Number(text), loc: d.loc };
}

function access(d: DirectiveNode, out: HttpBuilder, diags: Diagnostics): void {
  if (d.words.length !== 2) {
    diags.error(
      d.words.length > 2 ? wordLoc(d, 2) : d.valueLoc,
      "http-access takes CIDR LEVEL, e.g. `http-access 10.0.0.0/8 monitor` (LEVEL: none, monitor, operator or admin)",
    );
    return;
  }
  const cidr = parseCidr(d.words[0].text);
  if (!cidr.ok) {
    diags.error(shift(wordLoc(d, 0), cidr.offset ?? 0), cidr.message);
    return;
  }
  const level = readLevel(d.words[1].text);
  if (!level) {
    diags.error(wordLoc(d, 1), `invalid http-access level "${d.words[1].text}": expected none, monitor (or monitor,deny-logs), operator or admin`);
    return;
  }
  out.access.push({ cidr: formatCidr(cidr.value), level });
}

/** `monitor,deny-logs` is monitor: Hermod's management service serves no log files. */
function readLevel(text: string): HttpAccessLevel | null {
  const t = text.toLowerCase();
  if (t === "monitor,deny-logs") return "monitor";
  return LEVELS.has(t) ? (t as HttpAccessLevel) : null;
}

function apiKey(d: DirectiveNode, out: HttpBuilder, diags: Diagnostics): void {
  if (d.words.length !== 1) {
    diags.error(d.words.length > 1 ? wordLoc(d, 1) : d.valueLoc, "http-api-key takes one key (32 to 128 letters, digits or _)");
    return;
  }
  const key = d.words[0].text;
  if (!API_KEY.test(key)) {
    // The key itself is never repeated: diagnostics are shown to readers who may not see secrets.
    const why = key.length < 32 || key.length > 128 ? `it has ${key.length} characters` : "it has a character other than a letter, digit or _";
    diags.error(d.valueLoc, `invalid http-api-key: expected 32 to 128 letters, digits or _ (${why})`);
    return;
  }
  const same = out.apiKeys.find((k) => k.value === key);
  if (same) {
    diags.warning(d.loc, `the same http-api-key is already given at ${where(same.loc)}`);
    return;
  }
  out.apiKeys.push({ value: key, loc: d.loc });
}
