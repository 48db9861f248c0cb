import { expect, test, type Browser, type Page } from "@playwright/test";
import { sendRaw } from "../../mta/testing/raw-smtp";
import { startSink, type Sink } from "../../mta/testing/sink";
import { E2E_SINK_PORT, E2E_SMTP_PORT } from "../../playwright.config";
import { ADMIN, USER_PASSWORD, createUserViaUi, login, uniqueUsername } from "../console/helpers";

/**
 * The done-means of queue operations: an operator pauses a queue, sees its mail wait while another
 * domain's is delivered, resumes it and watches it drain, all on the page without a reload; a viewer
 * sees the queue but no action, and the server refuses the operator's action replayed with the
 * viewer's session.
 */

const HELD = "held.test";
const HELD_QUEUE = `${HELD}/{default}`;
const OTHER = "other.test";
const operator = uniqueUsername("qop");
const viewer = uniqueUsername("qview");

let sink: Sink;
let admin: Page;
let pauseRequest: { actionId: string; body: string };

async function signedIn(browser: Browser, username: string, password = USER_PASSWORD): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await login(page, username, password);
  return page;
}

async function send(to: string): Promise<void> {
  const r = await sendRaw(E2E_SMTP_PORT, { from: "sender@e2e.test", to: [to], body: `Subject: queues ${to}\r\n\r\nhello\r\n` });
  expect(r.data).toMatch(/^250 /);
}

const deliveredTo = (domain: string) => sink.messages.filter((m) => m.to.some((t) => t.endsWith(`@${domain}`))).length;

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => {
  // held.test refuses for now (451), so its mail waits in its queue; everything else is accepted.
  sink = await startSink({ port: E2E_SINK_PORT, plan: { domains: { [HELD]: { rcpt: { reply: "451 4.3.0 try again later" } } } } });
  admin = await signedIn(browser, ADMIN.username, ADMIN.password);
  await admin.goto("/users");
  await createUserViaUi(admin, operator, "operator");
  await createUserViaUi(admin, viewer, "viewer");
});

test.afterAll(async () => {
  await admin?.context().close();
  await sink?.close();
});

test("operator pauses a queue, other mail flows, resume drains it, without a reload", async ({ browser }) => {
  const page = await signedIn(browser, operator);
  await send(`a1@${HELD}`);
  await send(`a2@${HELD}`);

  await page.goto("/queues");
  // A marker that a full reload would wipe out.
  await page.evaluate(() => ((window as unknown as { hermodNoReload: number }).hermodNoReload = 1));
  const heldRow = page.getByTestId(`queue-row-${HELD_QUEUE}`);
  await expect(heldRow.getByTestId("queue-recipients")).toHaveText("2", { timeout: 15_000 });
  await heldRow.getByRole("link", { name: HELD }).click();
  await expect(page.getByTestId("queue-title")).toHaveText(HELD_QUEUE);
  await expect(page.getByTestId("queue-errors").getByTestId("record-row").first()).toContainText("451");
  await expect(page.getByTestId("queue-waiting").getByTestId("waiting-row")).toHaveCount(2);
  // Effective settings and where they come from: the e2e config's <domain *> sets retry-after 2s.
  await expect(page.getByTestId("queue-settings").getByRole("row").filter({ hasText: "retry-after" }).first()).toContainText("<domain *>");

  const [request] = await Promise.all([
    page.waitForRequest((r) => r.method() === "POST" && !!r.headers()["next-action"]),
    page.getByRole("button", { name: "Pause queue" }).click(),
  ]);
  pauseRequest = { actionId: request.headers()["next-action"], body: request.postData() ?? "" };
  await expect(page.getByTestId("queue-message")).toHaveText(`Queue ${HELD_QUEUE} paused.`);
  await expect(page.getByTestId("queue-paused")).toBeVisible();

  // The destination now accepts everything: only the pause keeps held.test's mail back.
  sink.plan = {};
  await send(`a3@${HELD}`);
  await send(`o1@${OTHER}`);
  await expect.poll(() => deliveredTo(OTHER), { timeout: 15_000 }).toBe(1);
  await expect(page.getByTestId("queue-recipients")).toHaveText("3");
  // Well past retry-after (2 s): still nothing delivered to the paused queue.
  await page.waitForTimeout(4_000);
  expect(deliveredTo(HELD)).toBe(0);
  await expect(page.getByTestId("queue-recipients")).toHaveText("3");

  await page.getByRole("button", { name: "Resume queue" }).click();
  await expect(page.getByTestId("queue-message")).toHaveText(`Queue ${HELD_QUEUE} resumed.`);
  await expect.poll(() => deliveredTo(HELD), { timeout: 15_000 }).toBe(3);
  // The page follows on its own: the queue drains to nothing.
  await expect(page.getByTestId("queue-empty").or(page.getByTestId("queue-recipients").filter({ hasText: /^0$/ }))).toBeVisible({ timeout: 10_000 });

  const audit = page.getByTestId("queue-audit");
  await expect(audit.getByTestId("audit-row").filter({ hasText: "queue.resume-queue" })).toContainText(operator);
  await expect(audit.getByTestId("audit-row").filter({ hasText: "queue.pause-queue" })).toContainText(operator);
  await expect(page.getByTestId("queue-events").getByTestId("record-row").first()).toContainText("delivered");

  // Back to the list by its link: still the same document.
  await page.getByRole("link", { name: "← Queues" }).click();
  await expect(page.getByTestId("queues-filter")).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { hermodNoReload?: number }).hermodNoReload)).toBe(1);
  await page.context().close();
});

test("a viewer sees queues but no action, and the server refuses the action", async ({ browser, baseURL }) => {
  // Mail waiting again, so the queue exists and a pause would change something.
  sink.plan = { domains: { [HELD]: { rcpt: { reply: "451 4.3.0 try again later" } } } };
  await send(`b1@${HELD}`);
  const page = await signedIn(browser, viewer);
  await page.goto("/queues");
  await expect(page.getByTestId(`queue-row-${HELD_QUEUE}`)).toBeVisible({ timeout: 15_000 });
  const res = await page.goto(`/queues/${HELD}/${encodeURIComponent("{default}")}`);
  expect(res?.status()).toBe(200);
  await expect(page.getByTestId("queue-title")).toHaveText(HELD_QUEUE);
  await expect(page.getByTestId("queue-actions")).toHaveCount(0);
  await expect(page.getByRole("button", { name: /Pause queue|Resume queue|Retry now|Delete recipients|Disable source/ })).toHaveCount(0);

  // Replay the operator's pause with the viewer's session: refused by the server, nothing changes.
  const replay = await page.request.post(`/queues/${HELD}/${encodeURIComponent("{default}")}`, {
    headers: { "next-action": pauseRequest.actionId, "content-type": "text/plain;charset=UTF-8", origin: baseURL!, accept: "text/x-component" },
    data: pauseRequest.body,
  });
  expect(replay.status()).toBe(403);
  await page.reload();
  await expect(page.getByTestId("queue-recipients")).toHaveText("1");
  await expect(page.getByTestId("queue-paused")).toHaveCount(0);
  await expect(page.getByTestId("queue-audit")).not.toContainText(viewer);
  await page.context().close();
});

test("the accounting explorer finds the queue's records, one message's timeline and a CSV", async ({ browser }) => {
  const page = await signedIn(browser, viewer);
  await page.goto(`/records?domain=${HELD}&type=d`);
  const rows = page.getByTestId("records-table").getByTestId("record-row");
  await expect(rows).toHaveCount(3);
  await expect(rows.first()).toContainText("delivered");

  // a1 went first, to the refusing sink: deferred before it was delivered.
  await rows.filter({ hasText: `a1@${HELD}` }).getByRole("link").click();
  const timeline = page.getByTestId("message-timeline").getByTestId("record-row");
  // Deferred while the sink refused, then delivered: every attempt with its reply.
  await expect(timeline.last()).toContainText("delivered");
  await expect(timeline.first()).toContainText("451");

  const csv = await page.request.get(`/api/records/export?domain=${HELD}&type=d`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const lines = (await csv.text()).trimEnd().split("\r\n");
  expect(lines[0].startsWith("type,timeLogged,timeQueued,orig,rcpt,")).toBe(true);
  expect(lines).toHaveLength(4);

  const bad = await page.request.get(`/api/records/export?type=x`);
  expect(bad.status()).toBe(400);
  expect((await bad.json()).fieldErrors.type).toContain("d (delivered)");
  await page.goto("/records?type=x&from=soon");
  await expect(page.getByTestId("records-error")).toContainText("type:");
  await expect(page.getByTestId("records-error")).toContainText("from:");
  await page.context().close();
  expect((await (await browser.newContext()).request.get(`${test.info().project.use.baseURL}/api/records/export`)).status()).toBe(401);
});
