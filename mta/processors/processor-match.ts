/**
 * Which processor, if any, takes mail for an address: the first `<feedback-loop-processor>` or
 * `<bounce-processor>` (file order) whose `<address-list>` matches. Regexes are compiled once per config.
 */

import type { MtaConfig, ProcessorAddress, ProcessorConfig } from "../config/types";

type Matcher = (address: string) => boolean;

const compiled = new WeakMap<MtaConfig, { processor: ProcessorConfig; matches: Matcher }[]>();

export function processorFor(config: MtaConfig, address: string): ProcessorConfig | null {
  if (!config.processors || config.processors.length === 0) return null;
  let list = compiled.get(config);
  if (!list) {
    list = config.processors.map((processor) => ({ processor, matches: anyOf(processor.addresses.map(matcherOf)) }));
    compiled.set(config, list);
  }
  const lower = address.toLowerCase();
  return list.find((p) => p.matches(lower))?.processor ?? null;
}

function matcherOf(a: ProcessorAddress): Matcher {
  switch (a.kind) {
    case "regex": {
      const re = new RegExp(a.source, a.flags.replace(/[gy]/g, ""));
      return (address) => re.test(address);
    }
    case "address":
      return (address) => address === a.value;
    case "local-part":
      return (address) => address.slice(0, address.lastIndexOf("@")) === a.value;
    case "domain":
      return (address) => address.slice(address.lastIndexOf("@") + 1) === a.value;
  }
}

function anyOf(matchers: Matcher[]): Matcher {
  return (address) => matchers.some((m) => m(address));
}
