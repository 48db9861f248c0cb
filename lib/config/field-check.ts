/**
 * The block editors' fields checked as they are typed, with the engine's own value parsers (units,
 * CIDRs, domain patterns, smtp-hosts), so the console accepts exactly what the compiler accepts. The
 * whole file is compiled again on apply; this only gives quicker, per-field feedback.
 */

import {
  normalizeDomain,
  parseBlockName,
  parseBoolean,
  parseCidr,
  parseCount,
  parseDomainPattern,
  parseHeaderName,
  parseInterval,
  parseIntervalList,
  parseIp,
  parseSize,
  parseSmtpHosts,
  parseVirtualMtaName,
  type Parsed,
} from "@/mta/index";
import path from "node:path";
import { BLOCK_ARG_FIELD, CONFIG_BLOCK_FIELDS, type TConfigBlockKind } from "../schemas/config";
import { compilerError } from "./compiled-check";

/** null when `value` is fine, else why not. */
type ValueCheck = (value: string) => string | null;
/** A check that may read files named in the value: `configFile` is where relative names resolve from. */
type Check = (value: string, configFile: string) => string | null;

const fromParsed =
  (parse: (text: string) => Parsed<unknown>): ValueCheck =>
  (value) => {
    const r = parse(value);
    return r.ok ? null : r.message;
  };

/** VirtualMTA and pool names (one namespace), and names of the blocks that refer to each other. */
const vmtaName = fromParsed(parseVirtualMtaName);
const blockName = (what: string): ValueCheck => fromParsed((v) => parseBlockName(v, what));
const hostName: ValueCheck = (v) => (normalizeDomain(v) ? null : `invalid host name "${v}"`);
const boolean = fromParsed(parseBoolean);
const size = fromParsed(parseSize);
const interval = fromParsed(parseInterval);

function count(opts: { min?: number; max?: number; unlimited?: boolean } = {}): ValueCheck {
  return (v) => {
    const r = parseCount(v, { unlimited: opts.unlimited });
    if (!r.ok) return r.message;
    if (opts.unlimited && r.value === 0) return null;
    if (opts.min !== undefined && r.value < opts.min) return `must be at least ${opts.min}`;
    if (opts.max !== undefined && r.value > opts.max) return `must be at most ${opts.max}`;
    return null;
  };
}

/** `smtp-source-host IP HOSTNAME` */
const sourceHost: ValueCheck = (v) => {
  const [ip, host, ...rest] = v.split(/\s+/);
  if (!ip || !host || rest.length) return "expected an IP address and a host name: 192.0.2.10 mta1.example.com";
  if (!parseIp(ip)) return `invalid IP address "${ip}"`;
  return hostName(host);
};

/** A source is a CIDR (`10.0.0.0/8`, `192.0.2.1`, `0/0`) or a name used by listeners and SMTP users. */
const sourceArg: ValueCheck = (v) => {
  if (/^[\d.:/]+$/.test(v) || v.includes(":")) return fromParsed(parseCidr)(v);
  return blockName("source")(v);
};

/** A domain pattern, or a `domain-macro` reference (`$name`). */
const domainArg: ValueCheck = (v) => (/^\$[A-Za-z0-9_-]+$/.test(v) ? null : fromParsed(parseDomainPattern)(v));

const smtpHosts: ValueCheck = (v) => {
  const r = parseSmtpHosts(v);
  if (!r.ok) return r.message;
  return r.value.kind === "lookup-mx" ? "lookup-mx: is not supported yet; list the hosts" : null;
};

/**
 * The managed fields with a parser of their own (quick, no compile). Every other managed field is
 * checked by compiling its line (compiled-check.ts): the compiler's own message, key files read.
 */
const CHECKS: Readonly<Record<TConfigBlockKind, Readonly<Record<string, ValueCheck>>>> = {
  "virtual-mta": { [BLOCK_ARG_FIELD]: vmtaName, "smtp-source-host": sourceHost, "host-name": hostName, "max-smtp-out": count({ min: 1 }) },
  "virtual-mta-pool": { [BLOCK_ARG_FIELD]: vmtaName, "virtual-mta": vmtaName },
  domain: {
    [BLOCK_ARG_FIELD]: domainArg,
    "smtp-hosts": smtpHosts,
    "retry-after": fromParsed(parseIntervalList),
    "bounce-after": interval,
    "max-smtp-out": count({ min: 1 }),
    "use-starttls": boolean,
    "require-starttls": boolean,
    "max-msg-per-connection": count({ unlimited: true }),
    "max-rcpt-per-transaction": count({ min: 1 }),
    "queue-to": hostName,
    "queue-priority": count({ max: 100 }),
    "max-message-size": size,
  },
  source: {
    [BLOCK_ARG_FIELD]: sourceArg,
    "always-allow-relaying": boolean,
    "max-message-size": size,
    "max-rcpt-per-message": count({ unlimited: true }),
    "default-virtual-mta": vmtaName,
    "process-x-virtual-mta": boolean,
    "process-x-job": boolean,
    "jobid-header": fromParsed(parseHeaderName),
    "pattern-list": blockName("pattern-list"),
  },
  "smtp-user": { [BLOCK_ARG_FIELD]: blockName("smtp-user"), password: (v) => (/\s/.test(v) ? "may not contain spaces" : null), source: blockName("source") },
};

/** Where relative file names (key files) resolve from when the caller does not say: the working directory's hermod.conf. */
const DEFAULT_CONFIG_FILE = "hermod.conf";

/**
 * Checks one field of a block editor. An empty value is fine (the directive is left out, so the
 * default or the inherited value applies) except for the block's own argument. `configFile` is the
 * config file the value will be written to (relative key files resolve from its directory).
 */
export function checkConfigValue(kind: TConfigBlockKind, field: string, value: string, configFile = DEFAULT_CONFIG_FILE): string | null {
  const check: Check | undefined =
    CHECKS[kind][field] ?? ((CONFIG_BLOCK_FIELDS[kind] as readonly string[]).includes(field) ? (v, file) => compilerError(kind, field, v, file) : undefined);
  if (!check) return `${field} is not a field of <${kind}>`;
  const v = value.trim();
  if (v === "") return field === BLOCK_ARG_FIELD ? "required" : null;
  if (/[\r\n]/.test(v)) return "must fit on one line";
  if (v.includes("#")) return "may not contain # (it starts a comment in the config file)";
  return check(v, path.resolve(configFile));
}

/** Every field of a block edit; field → message for those that fail. */
export function checkBlockValues(
  kind: TConfigBlockKind,
  arg: string,
  values: Readonly<Record<string, readonly string[]>>,
  configFile = DEFAULT_CONFIG_FILE,
): Record<string, string> {
  const errors: Record<string, string> = {};
  const argError = checkConfigValue(kind, BLOCK_ARG_FIELD, arg, configFile);
  if (argError) errors[BLOCK_ARG_FIELD] = argError;
  for (const [field, list] of Object.entries(values)) {
    for (const value of list) {
      const error = checkConfigValue(kind, field, value, configFile);
      if (error) {
        errors[field] = error;
        break;
      }
    }
  }
  return errors;
}

