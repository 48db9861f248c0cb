/**
 * Public surface of the PowerMTA-syntax configuration language. The rest of `mta/` imports from here;
 * layers outside `mta/` reach it through `mta/index.ts`.
 */

export type * from "./types";
export type { ConfigNode, BlockNode, DirectiveNode, Word } from "./ast";
export type { ConfigFs } from "./include";

export { loadConfigFile, compileConfigText, type CompileTextOptions, type LoadOptions } from "./load";
export { formatDiagnostic } from "./diagnostics";
export { resolveSource, resolveDomain, resolveVirtualMta, listPoolMembers } from "./resolve";
export { chooseVirtualMta, matchPatternList, type PatternSubject, type VirtualMtaChoice } from "./vmta-select";
export { configSummary } from "./summary";
export { httpAccessLevel } from "./http-access";
export { printConfig, type PrintOptions } from "./printer";
export { exportConfig, type ExportResult } from "./export";
export { defaultConfigText } from "./default-config";
export { parse } from "./parser";
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
export { DIRECTIVE_ALIASES, type DirectiveAlias } from "./aliases";
export {
  DEFAULT_DOMAIN_SETTINGS,
  DEFAULT_SOURCE_SETTINGS,
  DEFAULT_LISTENER,
  DEFAULT_TOTAL_MAX_SMTP_OUT,
} from "./defaults";
