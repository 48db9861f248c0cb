/** A throw-away self-signed certificate for STARTTLS tests, made with the openssl CLI. Test-only. */

import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/** Writes `server.pem` (certificate + key) into `dir` and returns its path. */
export function makeTestCertificate(dir: string): string {
  const key = path.join(dir, "key.pem");
  const cert = path.join(dir, "cert.pem");
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=mx.test", "-addext", "subjectAltName=DNS:localhost,DNS:mx.test,IP:127.0.0.1"], { stdio: "ignore" });
  const pem = path.join(dir, "server.pem");
  fs.writeFileSync(pem, Buffer.concat([fs.readFileSync(cert), fs.readFileSync(key)]));
  return pem;
}
