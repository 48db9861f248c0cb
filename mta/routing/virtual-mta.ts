/**
 * Routing a message at reception: which VirtualMTA sends it, its job id, and which control headers
 * leave the message. The choice itself follows PowerMTA's order and lives with the config language
 * (`chooseVirtualMta`: X-Virtual-MTA header, pattern list, source default, `{default}`); this adds
 * what needs state or the message: a pool picks its members in rotation, one per message, and an
 * `X-Virtual-MTA` naming nothing configured refuses the message (PowerMTA's `reject-invalid-virtual-mta`).
 */

import { chooseVirtualMta, resolveVirtualMta } from "../config/index";
import type { MtaConfig, SourceSettings } from "../config/types";
import type { HeaderField } from "../smtp-in/header-fields";
import { fieldValue } from "../smtp-in/header-fields";

export interface RoutingInput {
  mailFrom: string;
  recipients: readonly string[];
  fields: readonly HeaderField[];
  source: SourceSettings;
}

export interface RecipientRoute {
  /** The VirtualMTA; undefined means `{default}`. */
  vmta?: string;
  /** The pool the VirtualMTA was picked from, if any. */
  pool?: string;
}

export type RoutingResult =
  | {
      ok: true;
      /** One per recipient (PowerMTA routes the whole message the same way). */
      routes: RecipientRoute[];
      jobId?: string;
      /** Control header fields to strip from the message (lower-case names). */
      strip: Set<string>;
    }
  | { ok: false; reason: string };

/** Job ids longer than this are cut: they land in every accounting record. */
const MAX_JOB_ID = 200;

export class VirtualMtaRouter {
  private readonly rotation = new Map<string, number>();

  route(config: MtaConfig, input: RoutingInput): RoutingResult {
    const { source } = input;
    const strip = new Set<string>();
    let jobId: string | undefined;
    if (source.processXJob) {
      const header = source.jobIdHeader.toLowerCase();
      jobId = fieldValue(input.fields, header)?.slice(0, MAX_JOB_ID) || undefined;
      if (!source.retainXJob) strip.add(header);
    }
    if (source.processXVirtualMta && !source.retainXVirtualMta) strip.add("x-virtual-mta");
    const choice = chooseVirtualMta(config, source, {
      mailFrom: input.mailFrom,
      rcptTo: input.recipients[0] ?? "",
      header: (name) => fieldValue(input.fields, name),
    });
    let route: RecipientRoute = {};
    if (choice && choice.name !== "{default}") {
      const resolved = resolveVirtualMta(config, choice.name);
      if (!resolved) return { ok: false, reason: `VirtualMTA "${choice.name.slice(0, 64)}" is not configured` };
      route = resolved.kind === "virtual-mta" ? { vmta: resolved.vmta.name } : this.member(resolved.pool.name, resolved.members.map((m) => m.name));
    }
    return { ok: true, routes: input.recipients.map(() => route), ...(jobId ? { jobId } : {}), strip };
  }

  /** The pool's next member in rotation; an empty pool sends through `{default}`. */
  private member(pool: string, members: readonly string[]): RecipientRoute {
    if (members.length === 0) return {};
    const n = this.rotation.get(pool) ?? 0;
    this.rotation.set(pool, n + 1);
    return { vmta: members[n % members.length], pool };
  }
}
