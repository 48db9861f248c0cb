import { expect, test, type Browser, type Page } from "@playwright/test";
import { ADMIN, USER_PASSWORD, createUserViaUi, login, uniqueUsername } from "./helpers";

const operator = uniqueUsername("operator");
const viewer = uniqueUsername("viewer");
const target = uniqueUsername("target");

async function signedIn(browser: Browser, username: string, password = USER_PASSWORD): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await login(page, username, password);
  return page;
}

test.describe.configure({ mode: "serial" });

let admin: Page;
let disableRequest: { actionId: string; body: string };

test.beforeAll(async ({ browser }) => {
  admin = await signedIn(browser, ADMIN.username, ADMIN.password);
  await admin.goto("/users");
  await createUserViaUi(admin, operator, "operator");
  await createUserViaUi(admin, viewer, "viewer");
  await createUserViaUi(admin, target, "viewer");
});

test.afterAll(async () => {
  await admin?.context().close();
});

test("admin disables and re-enables a user through the Users page", async () => {
  const row = admin.getByTestId(`user-row-${target}`);
  const [request] = await Promise.all([
    admin.waitForRequest((r) => r.method() === "POST" && !!r.headers()["next-action"]),
    row.getByRole("button", { name: "Disable" }).click(),
  ]);
  disableRequest = { actionId: request.headers()["next-action"], body: request.postData() ?? "" };
  await expect(row.getByText("Disabled")).toBeVisible();
  await row.getByRole("button", { name: "Enable" }).click();
  await expect(row.getByText("Active")).toBeVisible();
});

test("the last active admin cannot be demoted", async () => {
  await admin.getByLabel("Role of admin").selectOption("viewer");
  await expect(admin.getByTestId("users-message")).toContainText("At least one active admin must remain");
  await admin.reload();
  await expect(admin.getByLabel("Role of admin")).toHaveValue("admin");
});

test("operator signs in, has no Users section and gets 403 on the users page", async ({ browser }) => {
  const page = await signedIn(browser, operator);
  await expect(page.getByTestId("header-role")).toHaveText("Operator");
  await expect(page.getByRole("link", { name: "Users" })).toHaveCount(0);
  const res = await page.goto("/users");
  expect(res?.status()).toBe(403);
  await expect(page.getByTestId("forbidden-title")).toBeVisible();
  await page.context().close();
});

test("viewer gets 403 on the users page and on the users action, with no side effect", async ({ browser, baseURL }) => {
  const page = await signedIn(browser, viewer);
  await expect(page.getByTestId("header-role")).toHaveText("Viewer");
  expect((await page.goto("/users"))?.status()).toBe(403);

  // Replay the admin's "disable" server action with the viewer's session.
  const res = await page.request.post("/users", {
    headers: { "next-action": disableRequest.actionId, "content-type": "text/plain;charset=UTF-8", origin: baseURL!, accept: "text/x-component" },
    data: disableRequest.body,
  });
  expect(res.status()).toBe(403);
  await admin.reload();
  await expect(admin.getByTestId(`user-row-${target}`).getByText("Active")).toBeVisible();

  // Monitor data stays readable for a viewer.
  expect((await page.request.get("/api/monitor/snapshot")).status()).toBe(200);
  await page.context().close();
});

test("a server action without an Origin header is refused even for an admin", async () => {
  const res = await admin.request.post("/users", {
    headers: { "next-action": disableRequest.actionId, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component" },
    data: disableRequest.body,
  });
  expect(res.status()).toBe(403);
  await admin.reload();
  await expect(admin.getByTestId(`user-row-${target}`).getByText("Active")).toBeVisible();
});

test("a disabled user loses access on the next request", async ({ browser }) => {
  const page = await signedIn(browser, target);
  expect((await page.request.get("/api/monitor/snapshot")).status()).toBe(200);
  await admin.getByTestId(`user-row-${target}`).getByRole("button", { name: "Disable" }).click();
  await expect(admin.getByTestId(`user-row-${target}`).getByText("Disabled")).toBeVisible();
  expect((await page.request.get("/api/monitor/snapshot")).status()).toBe(401);
  // The server redirects to /login; Chromium may report the first navigation as aborted by it.
  await page.goto("/monitor").catch(() => undefined);
  await expect(page).toHaveURL(/\/login/);
  await page.context().close();
});
