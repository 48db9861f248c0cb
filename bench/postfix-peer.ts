/**
 * The real peer: Postfix relaying on this machine, set up as ../shared/bench/postfix-relay.sh does
 * (queue fsynced before 250, relayhost to the sink). It edits /etc/postfix, so it runs only as root on
 * a machine where that is acceptable (a bench or CI machine).
 */

import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { waitForPort } from "./relay";

export function postfixAvailable(): boolean {
  return fs.existsSync("/usr/sbin/postfix") && fs.existsSync("/usr/sbin/postconf") && process.getuid?.() === 0;
}

export async function startPostfix(injectPort: number, sinkPort: number): Promise<{ stop(): void }> {
  // Debian's "No configuration" install leaves no main.cf (its main.cf.proto has blank paths that
  // break Postfix); a minimal one lets Postfix's compiled-in defaults apply, as a Debian install's do.
  if (!fs.existsSync("/etc/postfix/main.cf")) fs.writeFileSync("/etc/postfix/main.cf", "compatibility_level = 3.7\nmyhostname = bench.localdomain\n");
  const postconf = (...kv: string[]) => execFileSync("postconf", ["-e", ...kv], { stdio: "ignore" });
  postconf(
    "inet_interfaces=127.0.0.1",
    "inet_protocols=ipv4",
    "mydestination=",
    "relay_domains=",
    "mynetworks=127.0.0.0/8",
    `relayhost=[127.0.0.1]:${sinkPort}`,
    "smtp_bind_address=127.0.0.1",
    "default_destination_concurrency_limit=50",
    "smtp_connection_cache_on_demand=yes",
    "smtpd_peername_lookup=no",
    "smtpd_relay_restrictions=permit_mynetworks, reject",
    "alias_maps=",
    "alias_database=",
    "maillog_file=/var/log/postfix-bench.log",
  );
  const master = "/etc/postfix/master.cf";
  const lines = fs.readFileSync(master, "utf8").split("\n").filter((l) => !/^(smtp|[0-9.]+:[0-9]+) +inet/.test(l));
  lines.push(`127.0.0.1:${injectPort} inet n    -       n       -       -       smtpd`);
  fs.writeFileSync(master, lines.join("\n") + "\n");
  const run = (...args: string[]) => {
    try {
      execFileSync(args[0], args.slice(1), { stdio: "ignore" });
    } catch {
      // stop/flush of a Postfix that is not running
    }
  };
  run("postfix", "stop");
  run("postsuper", "-d", "ALL");
  execFileSync("postfix", ["start"], { stdio: "ignore" });
  await waitForPort(injectPort);
  return { stop: () => run("postfix", "stop") };
}

/** PIDs of Postfix's processes (master and children), for CPU accounting. */
export function postfixMasterPid(): number | undefined {
  try {
    return Number(fs.readFileSync("/var/spool/postfix/pid/master.pid", "utf8").trim());
  } catch {
    return undefined;
  }
}
