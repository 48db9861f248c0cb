/**
 * PowerMTA's bounce categories (powermta.md §3, UG5.0 §11.6). They are the vocabulary of the `bounceCat`
 * accounting column and of the console's bounce charts, so the set is closed: a category outside it
 * would silently vanish from every report that groups by category.
 */

/** The 17 categories PowerMTA writes to `bounceCat`, in the guide's (alphabetical) order. */
export const BOUNCE_CATEGORIES = [
  "bad-configuration",
  "bad-connection",
  "bad-domain",
  "bad-mailbox",
  "content-related",
  "inactive-mailbox",
  "invalid-sender",
  "message-expired",
  "no-answer-from-host",
  "other",
  "policy-related",
  "protocol-errors",
  "quota-issues",
  "relaying-issues",
  "routing-errors",
  "spam-related",
  "virus-related",
] as const;

/**
 * Everything a `<bounce-category-patterns>` rule may name: the 17 categories plus `success`, which the
 * default patterns use for 2.x.x replies and which never appears on a `b` or `t` record.
 */
export const PATTERN_CATEGORIES = [...BOUNCE_CATEGORIES, "success"] as const;

export type BounceCategory = (typeof PATTERN_CATEGORIES)[number];

const KNOWN: ReadonlySet<string> = new Set(PATTERN_CATEGORIES);

/** Narrows a configuration string (e.g. from a custom pattern line) to a known category. */
export function isBounceCategory(value: string): value is BounceCategory {
  return KNOWN.has(value);
}
