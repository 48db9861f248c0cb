/**
 * Public surface of the PowerMTA-syntax configuration language. The rest of `mta/` imports from here;
 * layers outside `mta/` reach it through `mta/index.ts`.
 */

export type * from "./types";
export type { ConfigNode, BlockNode, DirectiveNode, Word } from "./ast";
export type { ConfigFs } from "./include";

export { loadConfigFile, compileConfigText, type CompileTextOptions, type LoadOptions } from "./load";
export { formatDiagnostic } from "./diagnostics";
export { resolveSource, resolveDomain } from "./resolve";
export { defaultConfigText } from "./default-config";
export { parse } from "./parser";
export { createMemoryFs } from "./memory-fs";
export { nodeConfigFs } from "./node-fs";
export {
  parseInterval,
  parseIntervalList,
  parseSize,
  parseRate,
  parseDataVolumeRate,
  parseBoolean,
  parseCount,
  parseCidr,
  parseIp,
  cidrContains,
  formatCidr,
  parseDomainPattern,
  domainPatternMatches,
  normalizeDomain,
  type Parsed,
  type Cidr,
  type IpAddress,
  type DomainPattern,
} from "./units";
export { parseSmtpHosts } from "./smtp-hosts";
export { BLOCKS, DIRECTIVES } from "./vocabulary";
export { DEFAULT_DOMAIN_SETTINGS, DEFAULT_SOURCE_SETTINGS, DEFAULT_LISTENER } from "./defaults";
