/**
 * Routing a message at reception: which VirtualMTA sends it, its job id, and which control headers
 * leave the message. The choice itself follows PowerMTA's order and lives with the config language
 * (`chooseVirtualMta`: X-Virtual-MTA header, pattern list, source default, `{default}`); this adds
 * what needs state or the message: a pool picks its members in rotation, one per message, and an
 * `X-Virtual-MTA` naming nothing configured refuses the message (PowerMTA's `reject-invalid-virtual-mta`).
 */

import { chooseVirtualMta, resolveDomain, resolveVirtualMta } from "../config/index";
import type { MtaConfig, SourceSettings } from "../config/types";
import type { HeaderField } from "../smtp-in/header-fields";
import { fieldValue } from "../smtp-in/header-fields";
import type { WarmupCounters } from "./warmup";

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

  /** `warmup` diverts recipients of VirtualMTAs with `cold-virtual-mta` while they warm up. */
  constructor(private readonly warmup?: WarmupCounters) {}

  /** The VirtualMTA a name stands for now: itself, or a pool's next member; undefined when unknown. */
  pick(config: MtaConfig, name: string): string | undefined {
    const resolved = resolveVirtualMta(config, name);
    if (!resolved) return undefined;
    return resolved.kind === "virtual-mta" ? resolved.vmta.name : this.member(resolved.pool.name, resolved.members.map((m) => m.name)).vmta;
  }

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
    const routes = input.recipients.map((rcpt) => this.warmed(config, route, rcpt));
    return { ok: true, routes, ...(jobId ? { jobId } : {}), strip };
  }

  /**
   * The route of one recipient, through a cold VirtualMTA while its warm-up allowance lasts. The
   * allowance is counted per queue domain: after `queue-to`, as PowerMTA applies warm-up.
   */
  private warmed(config: MtaConfig, route: RecipientRoute, rcpt: string): RecipientRoute {
    if (!this.warmup || !route.vmta) return route;
    const coldVirtualMtas = coldListOf(config, route);
    if (coldVirtualMtas.length === 0) return route;
    const domain = rcpt.slice(rcpt.lastIndexOf("@") + 1).toLowerCase();
    const settings = resolveDomain(config, domain, route.vmta);
    const cold = this.warmup.divert(coldVirtualMtas, settings.queueTo ?? domain, settings.maxColdVirtualMtaMsg);
    return cold ? { ...route, vmta: cold } : route;
  }

  /** The pool's next member in rotation; an empty pool sends through `{default}`. */
  private member(pool: string, members: readonly string[]): RecipientRoute {
    if (members.length === 0) return {};
    const n = this.rotation.get(pool) ?? 0;
    this.rotation.set(pool, n + 1);
    return { vmta: members[n % members.length], pool };
  }
}

/** The cold VirtualMTAs of the pool the route was picked from, else those of its VirtualMTA. */
function coldListOf(config: MtaConfig, route: RecipientRoute): readonly string[] {
  const pool = route.pool ? resolveVirtualMta(config, route.pool) : undefined;
  if (pool?.kind === "pool" && pool.pool.coldVirtualMtas.length > 0) return pool.pool.coldVirtualMtas;
  const vmta = route.vmta ? resolveVirtualMta(config, route.vmta) : undefined;
  return vmta?.kind === "virtual-mta" ? vmta.vmta.coldVirtualMtas : [];
}
