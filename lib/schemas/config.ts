/**
 * Inputs and DTOs of the config console (the text editor, the block editors, revisions). Z… are zod
 * schemas, T… their types. Also read by client components, so nothing here touches the server.
 */

import { z } from "zod";
import type { TActionFailure } from "./user";

export const CONFIG_ORIGINS = ["console", "file", "import", "rollback"] as const;
export type TConfigOrigin = (typeof CONFIG_ORIGINS)[number];

/** Console edits are small; a 1 MiB server-action body holds far more than any real config file. */
export const MAX_CONFIG_TEXT = 512 * 1024;
const MAX_COMMENT = 500;

/** A problem in the config, where it is. `file` is "" for the main file, else relative to its directory. */
export interface TConfigDiagnostic {
  file: string;
  line: number;
  col: number;
  severity: "error" | "warning";
  message: string;
}

export interface TConfigSummaryItem {
  key: string;
  label: string;
  count: number;
}

export interface TRevisionSummary {
  id: number;
  author: string;
  comment: string;
  origin: TConfigOrigin;
  /** ISO time. */
  createdAt: string;
}

export interface TRevisionRow extends TRevisionSummary {
  /** Unified diff from the previous revision; "" for the first. Secrets masked unless the reader may see them. */
  diff: string;
  added: number;
  removed: number;
}

/** The config as the /config page shows it. */
export interface TConfigView {
  /** The config file's path, as the server resolved HERMOD_CONFIG. */
  path: string;
  text: string;
  /** textHash(text): sent back with every change, so a change never overwrites one it has not seen. */
  hash: string;
  diagnostics: TConfigDiagnostic[];
  summary: TConfigSummaryItem[];
  latest: TRevisionSummary | null;
  /** False when the file was edited on disk after the latest revision (not yet `hermod reload`ed). */
  fileMatchesLatest: boolean;
  /** Whether secret values in `text` were masked. */
  redacted: boolean;
}

// ---- the block editors -------------------------------------------------------------------------

export const CONFIG_BLOCK_KINDS = ["virtual-mta", "virtual-mta-pool", "domain", "source", "smtp-user"] as const;
export type TConfigBlockKind = (typeof CONFIG_BLOCK_KINDS)[number];

/**
 * The directives each block editor manages, in the order new lines are written. Any other line in the
 * block (comments, directives the form does not show, nested blocks) is kept exactly as it is.
 */
export const CONFIG_BLOCK_FIELDS = {
  "virtual-mta": ["smtp-source-host", "host-name", "max-smtp-out", "domain-key", "arc-seal"],
  "virtual-mta-pool": ["virtual-mta", "domain-key", "arc-seal"],
  domain: [
    "smtp-hosts",
    "retry-after",
    "bounce-after",
    "max-smtp-out",
    "use-starttls",
    "require-starttls",
    "max-msg-per-connection",
    "max-rcpt-per-transaction",
    "queue-to",
    "queue-priority",
    "max-message-size",
    "dkim-sign",
    "dkim-identity",
    "auth-username",
    "auth-password",
    "auth-oauth2-token",
    "use-unencrypted-plain-auth",
  ],
  source: [
    "always-allow-relaying",
    "max-message-size",
    "max-rcpt-per-message",
    "default-virtual-mta",
    "process-x-virtual-mta",
    "process-x-job",
    "jobid-header",
    "pattern-list",
    "smtp-service",
    "require-auth",
    "allow-unencrypted-plain-auth",
    "smtp-max-auth-failure-rate",
    "max-smtp-in-msg-rate",
    "suppression-lists",
    "accept-invalid-recipients",
    "verify-inbound-auth",
    "verify-inbound-auth-timeout",
  ],
  "smtp-user": ["password", "source", "allowed-mail-from", "max-message-size", "max-smtp-in-msg-rate", "oauth2-token"],
} as const satisfies Record<TConfigBlockKind, readonly string[]>;

/** Directives that may appear several times in one block, one value per line. */
export const MULTI_VALUE_FIELDS: ReadonlySet<string> = new Set(["smtp-source-host", "virtual-mta", "domain-key", "allowed-mail-from"]);

/** The field name the block's own argument (name, pattern, CIDR) is checked under. */
export const BLOCK_ARG_FIELD = "@arg";

/** A top-level block of the main config file, as the block editors show it. */
export interface TConfigBlock {
  kind: TConfigBlockKind;
  /** The argument as written: name, domain pattern or CIDR. */
  arg: string;
  /** 1-based lines of `<tag …>` and `</tag>`. */
  line: number;
  endLine: number;
  /** Managed directives → their values in file order. Single-value directives list every occurrence; the last one counts. */
  values: Record<string, string[]>;
  /** Lines the editor leaves alone: other directives and nested blocks, by name (`<domain x>` for blocks). */
  kept: string[];
}

const ZText = z.string().max(MAX_CONFIG_TEXT, `at most ${MAX_CONFIG_TEXT / 1024} KiB`);
const ZComment = z.string().trim().max(MAX_COMMENT, `at most ${MAX_COMMENT} characters`).default("");
const ZHash = z.string().regex(/^[0-9a-f]{64}$/, "missing or invalid base version");
/** A value that fits on one config line. `#` would start a comment, and the language has no escape for it. */
const ZLineValue = z
  .string()
  .trim()
  .max(1000)
  .refine((v) => !/[\r\n]/.test(v), "must fit on one line")
  .refine((v) => !v.includes("#"), "may not contain # (it starts a comment in the config file)");

export const ZValidateConfigInput = z.strictObject({ text: ZText });
export type TValidateConfigInput = z.infer<typeof ZValidateConfigInput>;

export const ZApplyConfigInput = z.strictObject({ text: ZText, comment: ZComment, baseHash: ZHash, origin: z.enum(["console", "import"]).default("console") });
export type TApplyConfigInput = z.infer<typeof ZApplyConfigInput>;

export const ZRollbackInput = z.strictObject({ revisionId: z.number().int().positive() });
export type TRollbackInput = z.infer<typeof ZRollbackInput>;

const ZBlockKind = z.enum(CONFIG_BLOCK_KINDS);

export const ZSaveBlockInput = z
  .strictObject({
    baseHash: ZHash,
    kind: ZBlockKind,
    /** The block's argument before the edit; absent for a new block. */
    match: ZLineValue.optional(),
    arg: ZLineValue.pipe(z.string().min(1, "required").refine((v) => !v.includes(">"), "may not contain >")),
    values: z.record(z.string(), z.array(ZLineValue).max(200)),
    comment: ZComment,
  })
  .superRefine((input, ctx) => {
    const allowed: readonly string[] = CONFIG_BLOCK_FIELDS[input.kind];
    for (const [name, values] of Object.entries(input.values)) {
      if (!allowed.includes(name)) ctx.addIssue({ code: "custom", path: ["values"], message: `${name} is not edited here` });
      else if (values.length > 1 && !MULTI_VALUE_FIELDS.has(name)) ctx.addIssue({ code: "custom", path: ["values"], message: `${name} takes one value` });
    }
  });
export type TSaveBlockInput = z.infer<typeof ZSaveBlockInput>;

export const ZRemoveBlockInput = z.strictObject({ baseHash: ZHash, kind: ZBlockKind, arg: ZLineValue.pipe(z.string().min(1)), comment: ZComment });
export type TRemoveBlockInput = z.infer<typeof ZRemoveBlockInput>;

export const ZCheckValueInput = z.strictObject({ kind: ZBlockKind, field: z.string().max(64), value: z.string().max(1000) });
export type TCheckValueInput = z.infer<typeof ZCheckValueInput>;

// ---- results -----------------------------------------------------------------------------------

/** A config change: applied (with the revision it made, none when the text did not change) or refused. */
export type TConfigChangeResult =
  | { ok: true; message: string; revisionId: number | null; warnings: TConfigDiagnostic[] }
  | { ok: false; error: string; diagnostics?: TConfigDiagnostic[]; fieldErrors?: Record<string, string> };

export type TValidateConfigResult = { ok: true; diagnostics: TConfigDiagnostic[]; summary: TConfigSummaryItem[] } | TActionFailure;

export type TCheckValueResult = { ok: true; error: string | null } | TActionFailure;
