/**
 * The engine's copy of the console's suppression lists: per list, Sets of lowercased addresses,
 * domains, and SHA-256 / MD5 hex digests of lowercased addresses. Loaded at boot and kept current by
 * deltas from the console (lib/services/suppression), so a RCPT check is a few Set lookups. The
 * digests of a recipient are computed once per check, and only when a list in scope holds hashes.
 */

import { createHash } from "node:crypto";
import type { SuppressionLookup, SuppressionScope } from "../ports";

export type SuppressionKind = "address" | "domain" | "sha256" | "md5";
export type SuppressionScopeKind = "global" | "source" | "vmta" | "job";

export interface SuppressionListInfo {
  id: number;
  name: string;
  scope: SuppressionScopeKind;
  /** The source, VirtualMTA or job the list applies to ("" for global). */
  scopeValue: string;
}

export interface SuppressionValue {
  kind: SuppressionKind;
  /** Lowercased address or domain, or lowercase hex digest. */
  value: string;
}

interface ListState {
  info: SuppressionListInfo;
  sets: Record<SuppressionKind, Set<string>>;
}

const emptySets = (): Record<SuppressionKind, Set<string>> => ({ address: new Set(), domain: new Set(), sha256: new Set(), md5: new Set() });

export class SuppressionIndex implements SuppressionLookup {
  private readonly lists = new Map<number, ListState>();

  /** Replaces the set of lists (names and scopes); entries of lists that remain are kept. */
  setLists(infos: readonly SuppressionListInfo[]): void {
    const keep = new Set(infos.map((i) => i.id));
    for (const id of this.lists.keys()) if (!keep.has(id)) this.lists.delete(id);
    for (const info of infos) {
      const found = this.lists.get(info.id);
      const normalized = { ...info, scopeValue: info.scopeValue.toLowerCase() };
      if (found) found.info = normalized;
      else this.lists.set(info.id, { info: normalized, sets: emptySets() });
    }
  }

  /** Adds entries to a known list; returns how many were new. Unknown lists are ignored (0). */
  add(listId: number, values: readonly SuppressionValue[]): number {
    const list = this.lists.get(listId);
    if (!list) return 0;
    let added = 0;
    for (const v of values) {
      const set = list.sets[v.kind];
      if (!set) continue;
      const before = set.size;
      set.add(v.value.toLowerCase());
      added += set.size - before;
    }
    return added;
  }

  /** Removes entries; `values` absent clears the list. Returns how many were removed. */
  remove(listId: number, values?: readonly SuppressionValue[]): number {
    const list = this.lists.get(listId);
    if (!list) return 0;
    if (!values) {
      const n = this.size(listId);
      list.sets = emptySets();
      return n;
    }
    let removed = 0;
    for (const v of values) if (list.sets[v.kind]?.delete(v.value.toLowerCase())) removed++;
    return removed;
  }

  size(listId: number): number {
    const list = this.lists.get(listId);
    return list ? Object.values(list.sets).reduce((n, s) => n + s.size, 0) : 0;
  }

  find(address: string, scope: SuppressionScope): string | null {
    const lower = address.toLowerCase();
    const at = lower.lastIndexOf("@");
    const domain = at >= 0 ? lower.slice(at + 1) : "";
    let sha256: string | null = null;
    let md5: string | null = null;
    for (const { info, sets } of this.lists.values()) {
      if (!inScope(info, scope)) continue;
      if (sets.address.has(lower) || (domain !== "" && sets.domain.has(domain))) return info.name;
      if (sets.sha256.size > 0 && sets.sha256.has((sha256 ??= createHash("sha256").update(lower).digest("hex")))) return info.name;
      if (sets.md5.size > 0 && sets.md5.has((md5 ??= createHash("md5").update(lower).digest("hex")))) return info.name;
    }
    return null;
  }
}

function inScope(info: SuppressionListInfo, scope: SuppressionScope): boolean {
  if (scope.attached.some((n) => n.toLowerCase() === info.name.toLowerCase())) return true;
  switch (info.scope) {
    case "global":
      return true;
    case "source":
      return scope.sourceName !== undefined && scope.sourceName.toLowerCase() === info.scopeValue;
    case "vmta":
      return scope.vmta !== undefined && scope.vmta.toLowerCase() === info.scopeValue;
    case "job":
      return scope.jobId !== undefined && scope.jobId.toLowerCase() === info.scopeValue;
  }
}

/** The scope of a session's source (at RCPT: no VirtualMTA or job yet). */
export function sourceScope(source: { sourceName?: string; suppressionLists: readonly string[] }): SuppressionScope {
  return { ...(source.sourceName ? { sourceName: source.sourceName } : {}), attached: source.suppressionLists };
}
