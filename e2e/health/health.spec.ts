import { generateKeyPairSync } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { E2E_DATA_DIR } from "../../playwright.config";
import { ADMIN, login } from "../console/helpers";

/**
 * The Domain health page against the real server: the checks read the config file as it is now and
 * query the machine's DNS. The test names only addresses and domains from the documentation ranges
 * (192.0.2.0/24, .invalid), so no check can pass: each one fails (no such record) or warns (DNS
 * unreachable), and a failing DKIM check offers exactly the TXT record derived from the key file.
 */

const dataDir = E2E_DATA_DIR;
const configPath = path.join(dataDir, "hermod.conf");

test("an operator runs the checks and gets the records to publish", async ({ page }) => {
  test.setTimeout(90_000);
  const key = generateKeyPairSync("rsa", { modulusLength: 1024 });
  fs.writeFileSync(path.join(dataDir, "health-s1.pem"), key.privateKey.export({ type: "pkcs8", format: "pem" }).toString());
  const dkimRecord = `v=DKIM1; k=rsa; p=${key.publicKey.export({ type: "spki", format: "der" }).toString("base64")}`;
  const original = fs.readFileSync(configPath, "utf8");
  fs.writeFileSync(
    configPath,
    `${original}\n<virtual-mta health-v1>\n    smtp-source-host 192.0.2.77 mta77.hermod-e2e.invalid\n    domain-key s1,hermod-e2e.invalid,health-s1.pem\n</virtual-mta>\n`,
  );
  try {
    await login(page, ADMIN.username, ADMIN.password);
    await page.getByRole("link", { name: "Domain health" }).click();
    await expect(page).toHaveURL(/\/health$/);
    await page.getByTestId("run-health-checks").click();
    await expect(page.getByTestId("health-summary")).toBeVisible({ timeout: 60_000 });

    // Other specs share this server and may have added VirtualMTAs and keys of their own.
    const vmta = page.getByTestId("vmta-health").filter({ hasText: "health-v1" });
    await expect(vmta).toHaveCount(1);
    await expect(vmta).toContainText("health-v1 · 192.0.2.77");
    await expect(vmta.getByTestId("check-status")).toHaveText(/^(fail|warn)$/);

    const domain = page.getByTestId("domain-health").filter({ hasText: "hermod-e2e.invalid" });
    await expect(domain).toHaveCount(1);
    await expect(domain).toContainText("hermod-e2e.invalid");
    await expect(domain).toContainText("s1 (domain-key, hermod.conf:");
    for (const kind of ["spf", "dkim", "dmarc"]) await expect(domain.getByTestId(`check-${kind}`).getByTestId("check-status")).toHaveText(/^(fail|warn)$/);
    const dkim = domain.getByTestId("check-dkim");
    if ((await dkim.getByTestId("check-status").textContent()) === "fail") {
      await expect(dkim.getByTestId("record-value")).toHaveText(dkimRecord);
      await expect(domain.getByTestId("check-dmarc").getByTestId("record-value")).toHaveText("v=DMARC1; p=none; rua=mailto:postmaster@hermod-e2e.invalid");
    }
  } finally {
    fs.writeFileSync(configPath, original);
  }
});

test("a config with errors gets a clear message instead of a report", async ({ page }) => {
  const original = fs.readFileSync(configPath, "utf8");
  fs.writeFileSync(configPath, `${original}\n<virtual-mta broken>\n    max-smtp-out zero\n</virtual-mta>\n`);
  try {
    await login(page, ADMIN.username, ADMIN.password);
    await page.goto("/health");
    await page.getByTestId("run-health-checks").click();
    await expect(page.getByTestId("health-error")).toContainText("the config file has errors");
  } finally {
    fs.writeFileSync(configPath, original);
  }
});
