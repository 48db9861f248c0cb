import { expect, type Page } from "@playwright/test";
import { E2E_ADMIN_PASSWORD } from "../../playwright.config";

export const ADMIN = { username: "admin", password: E2E_ADMIN_PASSWORD };
export const USER_PASSWORD = "e2e-user-password-0001";

/** A username unique to this run (the e2e data dir may be reused between local runs). */
export function uniqueUsername(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

export async function login(page: Page, username: string, password: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // A sign-in is a bcrypt compare (cost 11, pure JS) plus the monitor's first render: with CI's two e2e
  // passes sharing 2 cores it once took over 10 s.
  await expect(page).toHaveURL(/\/monitor$/, { timeout: 30_000 });
}

/** Creates a user through the Users page (the page must be open as an admin). */
export async function createUserViaUi(page: Page, username: string, role: "admin" | "operator" | "viewer", password = USER_PASSWORD): Promise<void> {
  const form = page.getByTestId("add-user-form");
  await form.getByLabel("Username").fill(username);
  await form.getByLabel("Role").selectOption(role);
  await form.getByLabel(/^Password/).fill(password);
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByTestId("users-message")).toHaveText(`User ${username} created as ${role}.`);
  await expect(page.getByTestId(`user-row-${username}`)).toBeVisible();
}
