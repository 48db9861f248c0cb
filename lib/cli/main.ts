/** The `hermod` command line (bin/hermod.mjs): parses the arguments and runs one command. */

import { EXIT, processIo, type CliIo } from "./cli-io";

export const USAGE = `Usage:
  hermod config test [FILE]   check FILE (default: HERMOD_CONFIG) like \`pmta test config\`; exit 1 on errors
  hermod reload               make the running Hermod re-read HERMOD_CONFIG (SIGHUP to the pid in HERMOD_DATA_DIR)
  hermod help                 show this help

Environment: HERMOD_DATA_DIR (default ./data), HERMOD_CONFIG (default $HERMOD_DATA_DIR/hermod.conf).`;

export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    // Each command loads only what it needs: `hermod reload` does not load the config compiler.
    if (command === "config" && rest[0] === "test" && rest.length <= 2) return await (await import("./config-test")).configTest(rest[1], io);
    if (command === "reload" && rest.length === 0) return await (await import("./reload")).reload(io);
    if (command === undefined || command === "help" || command === "--help" || command === "-h") {
      io.out(USAGE);
      return command === undefined ? EXIT.usage : EXIT.ok;
    }
  } catch (err) {
    io.err(`hermod: ${err instanceof Error ? err.message : String(err)}`);
    return EXIT.failed;
  }
  io.err(`hermod: unknown command "${argv.join(" ")}"\n\n${USAGE}`);
  return EXIT.usage;
}
