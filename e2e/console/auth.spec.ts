import { expect, test } from "@playwright/test";
import { ADMIN, login, uniqueUsername } from "./helpers";

test("a console page without a session redirects to /login", async ({ page }) => {
  await page.goto("/monitor");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fmonitor$/);
});

test("a wrong password and an unknown user get the same message", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Username").fill(uniqueUsername("ghost"));
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("login-error")).toHaveText("Invalid username or password.");

  await page.getByLabel("Username").fill(ADMIN.username);
  await page.getByLabel("Password").fill(`${ADMIN.password}-wrong`);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("login-error")).toHaveText("Invalid username or password.");
  await expect(page).toHaveURL(/\/login/);
});

test("admin signs in, sees name and role, and signs out", async ({ page }) => {
  await login(page, ADMIN.username, ADMIN.password);
  await expect(page.getByTestId("header-username")).toHaveText("admin");
  await expect(page.getByTestId("header-role")).toHaveText("Admin");
  await expect(page.getByRole("link", { name: "Users" })).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/monitor");
  await expect(page).toHaveURL(/\/login/);
});

test("pages carry a nonce CSP and the security headers", async ({ request }) => {
  const res = await request.get("/login");
  const headers = res.headers();
  expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("same-origin");
});
