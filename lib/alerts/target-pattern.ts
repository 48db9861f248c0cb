/**
 * An alert rule's `target`: `*`, a domain or domain glob, optionally `/vmta` (a name or glob). `*`
 * matches any run of characters; matching ignores case. A target without `/vmta` matches every
 * VirtualMTA of the domain. Pure.
 */

export interface TargetPattern {
  /** Whether a queue (its recipient domain and VirtualMTA) matches. */
  matchesQueue(domain: string, vmta: string): boolean;
  /** Whether a recipient domain matches (the domain part only). */
  matchesDomain(domain: string): boolean;
}

function globToRegExp(glob: string): RegExp {
  const body = glob
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${body}$`, "i");
}

export function parseTargetPattern(target: string): TargetPattern {
  const [domainGlob, vmtaGlob] = target.trim().split("/", 2);
  const domain = globToRegExp(domainGlob || "*");
  const vmta = vmtaGlob === undefined ? null : globToRegExp(vmtaGlob);
  return {
    matchesDomain: (d) => domain.test(d),
    matchesQueue: (d, v) => domain.test(d) && (vmta === null || vmta.test(v)),
  };
}
