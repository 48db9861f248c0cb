/**
 * One grammar for queue names, as PowerMTA writes them: `domain/vmta`, with `{default}` when no
 * VirtualMTA was chosen. Every part of Hermod that shows or parses a queue name goes through here.
 */

export const DEFAULT_VMTA = "{default}";

export interface QueueKey {
  /** Recipient domain in lower-case A-label form. */
  domain: string;
  vmta: string;
}

export function formatQueueKey(key: QueueKey): string {
  return `${key.domain}/${key.vmta}`;
}

/** Parses `domain[/vmta]`; a missing vmta means the default one. Returns null when malformed. */
export function parseQueueKey(text: string): QueueKey | null {
  const slash = text.indexOf("/");
  const domain = (slash < 0 ? text : text.slice(0, slash)).trim().toLowerCase();
  const vmta = slash < 0 ? DEFAULT_VMTA : text.slice(slash + 1).trim();
  if (!domain || !vmta || vmta.includes("/") || /\s/.test(domain)) return null;
  return { domain, vmta };
}

/** The domain part of an address, lower-cased; IP literals keep their brackets. */
export function recipientDomain(address: string): string {
  const at = address.lastIndexOf("@");
  return (at < 0 ? "" : address.slice(at + 1)).toLowerCase();
}
