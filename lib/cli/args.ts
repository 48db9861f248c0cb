/**
 * `pmta`-style arguments: words, `--name=value` options and `--flag` switches, in any order.
 * Unknown options are refused by each command (`takeOptions`), so a typo is a usage error.
 */

export interface ParsedArgs {
  words: string[];
  options: Map<string, string | true>;
}

export class UsageError extends Error {
  override name = "UsageError";
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const words: string[] = [];
  const options = new Map<string, string | true>();
  for (const arg of argv) {
    if (arg.startsWith("--") && arg.length > 2) {
      const eq = arg.indexOf("=");
      if (eq === -1) options.set(arg.slice(2), true);
      else options.set(arg.slice(2, eq), arg.slice(eq + 1));
    } else words.push(arg);
  }
  return { words, options };
}

/**
 * The options a command accepts: `value` ones need `--name=VALUE`, `flag` ones are bare; `--json` is
 * accepted everywhere. Throws UsageError for anything else.
 */
export function takeOptions(args: ParsedArgs, spec: { value?: readonly string[]; flag?: readonly string[] }): { values: Record<string, string>; flags: Set<string>; json: boolean } {
  const values: Record<string, string> = {};
  const flags = new Set<string>();
  let json = false;
  for (const [name, value] of args.options) {
    if (name === "json" && value === true) json = true;
    else if (spec.value?.includes(name)) {
      if (value === true || value === "") throw new UsageError(`--${name} needs a value (--${name}=…)`);
      values[name] = value;
    } else if (spec.flag?.includes(name)) {
      if (value !== true) throw new UsageError(`--${name} takes no value`);
      flags.add(name);
    } else throw new UsageError(`unknown option --${name}`);
  }
  return { values, flags, json };
}
