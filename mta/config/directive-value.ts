/**
 * A directive handler reads one directive's value into the settings being built. `readValue` runs a
 * zod schema (schema.ts) on the value and reports problems at the exact column; `setting` is the
 * handler for the common case of one directive setting one key.
 */

import type { z } from "zod";
import type { DirectiveNode } from "./ast";
import { shift, type Diagnostics } from "./diagnostics";

/** Applies one directive to the settings being built; reports problems itself. */
export type DirectiveHandler<S> = (d: DirectiveNode, out: Partial<S>, diags: Diagnostics) => void;

/**
 * Runs `schema` on the directive's value. A units error keeps its own message and points at the exact
 * column; a range error reads "max-smtp-out must be at least 1 (got "0")".
 */
export function readValue<T>(d: DirectiveNode, schema: z.ZodType<T, string>, diags: Diagnostics): { value: T } | null {
  if (d.value === "" && !d.quoted) {
    diags.error(d.loc, `${d.name} needs a value`);
    return null;
  }
  const r = schema.safeParse(d.value);
  if (r.success) return { value: r.data };
  const issue = r.error.issues[0];
  if (issue.code === "custom") {
    const offset = Number((issue.params as { offset?: number } | undefined)?.offset ?? 0);
    diags.error(shift(d.valueLoc, offset), issue.message);
  } else {
    diags.error(d.valueLoc, `${d.name} ${issue.message} (got "${d.value}")`);
  }
  return null;
}

/** A directive that sets one key of the settings from its parsed value. */
export function setting<S, K extends keyof S>(key: K, schema: z.ZodType<S[K], string>): DirectiveHandler<S> {
  return (d, out, diags) => {
    const r = readValue(d, schema, diags);
    if (r) out[key] = r.value;
  };
}
