import { expect, type Page, type Request } from "@playwright/test";

/** A server action call as the browser made it, to replay with another session. */
export interface CapturedAction {
  name: string;
  url: string;
  actionId: string;
  body: string;
}

/** Runs `act` and returns the first server-action POST it triggers. */
export async function captureAction(page: Page, name: string, act: () => Promise<void>): Promise<CapturedAction> {
  const [request] = await Promise.all([page.waitForRequest((r: Request) => r.method() === "POST" && !!r.headers()["next-action"]), act()]);
  return { name, url: new URL(request.url()).pathname, actionId: request.headers()["next-action"], body: request.postData() ?? "" };
}

/** Replays a captured action with `page`'s session; returns the HTTP status. */
export async function replayAction(page: Page, action: CapturedAction, origin: string): Promise<number> {
  const res = await page.request.post(action.url, {
    headers: { "next-action": action.actionId, "content-type": "text/plain;charset=UTF-8", origin, accept: "text/x-component" },
    data: action.body,
  });
  return res.status();
}

/** Opens /config on a tab (the page must be signed in). */
export async function openConfigTab(page: Page, tab: string): Promise<void> {
  await page.goto("/config");
  await page.getByRole("tab", { name: tab }).click();
}

/** The revision number the change message announces (0 when there is none, or it is not a success). */
async function announcedRevision(page: Page): Promise<{ revision: number; text: string }> {
  const message = page.getByTestId("config-message");
  if ((await message.count()) === 0) return { revision: 0, text: "(no message)" };
  const text = await message.innerText();
  return { revision: Number(/Applied as revision (\d+)\./.exec(text)?.[1] ?? 0), text };
}

/** Runs `act` (a click that applies a config change) and returns the revision it made. */
export async function applied(page: Page, act: () => Promise<unknown>): Promise<number> {
  const before = (await announcedRevision(page)).revision;
  await act();
  // On failure the poll reports the message shown instead (the refusal and its diagnostics).
  await expect.poll(async () => ((await announcedRevision(page)).revision > before ? "applied" : (await announcedRevision(page)).text), { timeout: 20_000 }).toBe("applied");
  return (await announcedRevision(page)).revision;
}

/** The latest revision id as the /config page shows it (0 before the first). */
export async function latestRevision(page: Page): Promise<number> {
  await page.goto("/config");
  await expect(page.getByTestId("config-path")).toBeVisible();
  const latest = page.getByTestId("config-latest-revision");
  if ((await latest.count()) === 0) return 0;
  return Number(/revision (\d+)/.exec(await latest.innerText())![1]);
}
