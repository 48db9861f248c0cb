/**
 * (a) Viewers and operators read the config and its history, but every config action is refused
 * server-side (403) and changes nothing, even when replayed exactly as an admin's browser sent it.
 */

import { expect, test, type Browser, type Page } from "@playwright/test";
import { ADMIN, USER_PASSWORD, createUserViaUi, login, uniqueUsername } from "../console/helpers";
import { applied, captureAction, latestRevision, openConfigTab, replayAction, type CapturedAction } from "./helpers";

test.describe.configure({ mode: "serial" });

const operator = uniqueUsername("cfg-op");
const viewer = uniqueUsername("cfg-view");
const SECRET = "e2e-secret-pw-0001";
const actions: CapturedAction[] = [];
let admin: Page;

async function signedIn(browser: Browser, username: string, password = USER_PASSWORD): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await login(page, username, password);
  return page;
}

test.beforeAll(async ({ browser }) => {
  admin = await signedIn(browser, ADMIN.username, ADMIN.password);
  await admin.goto("/users");
  await createUserViaUi(admin, operator, "operator");
  await createUserViaUi(admin, viewer, "viewer");
});

test.afterAll(async () => {
  await admin?.context().close();
});

test("an admin validates, applies, edits blocks and rolls back (each action captured for replay)", async () => {
  await openConfigTab(admin, "Edit text");
  const editor = admin.getByLabel("Configuration text");
  actions.push(await captureAction(admin, "validate", () => admin.getByRole("button", { name: "Validate" }).click()));
  await expect(admin.getByTestId("validate-status")).toContainText("No errors");

  await editor.fill(`${await editor.inputValue()}# e2e: access check\n`);
  await admin.getByLabel("Comment").fill("e2e access check");
  await applied(admin, async () => actions.push(await captureAction(admin, "apply", () => admin.getByRole("button", { name: "Apply", exact: true }).click())));

  await admin.getByRole("tab", { name: "SMTP users" }).click();
  await admin.getByRole("button", { name: "Add SMTP user" }).click();
  await admin.getByLabel("User name").fill("e2e-feeder");
  await admin.getByLabel("password").fill(SECRET);
  await applied(admin, async () => actions.push(await captureAction(admin, "save block", () => admin.getByRole("button", { name: "Save and apply" }).click())));

  await admin.getByRole("tab", { name: "Domains" }).click();
  await admin.getByRole("button", { name: "Add domain rule" }).click();
  await admin.getByLabel("Domain pattern").fill("access-e2e.test");
  actions.push(await captureAction(admin, "check field", () => admin.getByLabel("max-smtp-out").fill("3")));
  const withDomain = await applied(admin, () => admin.getByRole("button", { name: "Save and apply" }).click());
  const row = admin.getByTestId("block-row-domain-access-e2e.test");
  await row.getByRole("button", { name: "Delete" }).click();
  await applied(admin, async () => actions.push(await captureAction(admin, "remove block", () => row.getByRole("button", { name: "Confirm delete" }).click())));
  await expect(row).toHaveCount(0);

  await admin.goto("/config/revisions");
  const revision = admin.getByTestId(`revision-${withDomain}`);
  await applied(admin, async () => actions.push(await captureAction(admin, "rollback", () => revision.getByRole("button", { name: "Roll back to this" }).click())));
  expect(actions.map((a) => a.name)).toEqual(["validate", "apply", "save block", "check field", "remove block", "rollback"]);
});

for (const role of ["viewer", "operator"] as const) {
  test(`a ${role} reads the config and its history, secrets masked, and every config action answers 403`, async ({ browser, baseURL }) => {
    const page = await signedIn(browser, role === "viewer" ? viewer : operator);
    const before = await latestRevision(admin);

    expect((await page.goto("/config"))?.status()).toBe(200);
    await expect(page.getByTestId("config-lines")).toContainText("smtp-listener");
    await expect(page.getByTestId("config-lines")).toContainText("password ********");
    await expect(page.getByTestId("config-lines")).not.toContainText(SECRET);
    await expect(page.getByRole("tab", { name: "Edit text" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Revisions" })).toBeVisible();

    expect((await page.goto("/config/revisions"))?.status()).toBe(200);
    await expect(page.getByTestId(`revision-${before}`)).toBeVisible();
    await expect(page.getByRole("button", { name: "Roll back to this" })).toHaveCount(0);
    await expect(page.getByTestId("revisions")).not.toContainText(SECRET);

    const exported = await page.request.get("/api/config/export");
    expect(exported.status()).toBe(200);
    expect(await exported.text()).not.toContain(SECRET);

    for (const action of actions) expect(await replayAction(page, action, baseURL!), action.name).toBe(403);
    expect(await latestRevision(admin)).toBe(before);
    await page.context().close();
  });
}
