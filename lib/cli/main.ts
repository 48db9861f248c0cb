/** The `hermod` command line (bin/hermod.mjs): parses the arguments and runs one command. */

import { EXIT, processIo, type CliIo } from "./cli-io";

export const USAGE = `Usage:
  hermod show status                      traffic, connections, queue and spool totals
  hermod show queues [--mode=normal|backoff] [--paused=yes|no] [--maxitems=N] [domain[/vmta]]
  hermod show topqueues [same options]    the 10 (or --maxitems) queues with most recipients
  hermod show vmtas [--maxitems=N]        VirtualMTAs and what is queued on them
  hermod show jobs [--maxitems=N]         jobs with queued mail
  hermod list [--queue=Q] [--jobId=ID] [--orig=ADDR] [--rcpt=ADDR] [--older-than=T] [--maxitems=N]
  hermod pause queue Q | resume queue Q   Q is domain or domain/vmta
  hermod pause job ID | resume job ID
  hermod schedule Q                       retry the queue now
  hermod set queue --mode=normal|backoff Q
  hermod delete [--dsn] [--queue=Q] [--jobId=ID] [--orig=ADDR] [--older-than=T]
  hermod disable source [--reenable-after=T] IP Q
  hermod enable source IP Q
  hermod config test [FILE]   check FILE (default: HERMOD_CONFIG) like \`pmta test config\`; exit 1 on errors
  hermod reload               make the running Hermod re-read HERMOD_CONFIG (SIGHUP to the pid in HERMOD_DATA_DIR)
  hermod help                 show this help

Add --json to a show, list or command for the raw JSON document instead of a table.

Environment: HERMOD_DATA_DIR (default ./data), HERMOD_CONFIG (default $HERMOD_DATA_DIR/hermod.conf).
The show, list and queue commands talk to the running server's management port: HERMOD_MGMT_URL, or
http://127.0.0.1:<http-mgmt-port of HERMOD_CONFIG>, with the API key HERMOD_API_KEY, or the key the
server writes at each start to $HERMOD_DATA_DIR/cli-api-key (mode 0600).`;

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
    const { parseArgs, UsageError } = await import("./args");
    const remote = await import("./remote-commands");
    try {
      const request = remote.commandRequest(parseArgs(argv));
      if (request) return await remote.runRemote(request, io);
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      io.err(`hermod: ${err.message}\n\n${USAGE}`);
      return EXIT.usage;
    }
  } catch (err) {
    io.err(`hermod: ${err instanceof Error ? err.message : String(err)}`);
    return EXIT.failed;
  }
  io.err(`hermod: unknown command "${argv.join(" ")}"\n\n${USAGE}`);
  return EXIT.usage;
}
