import { consoleStatusApi } from "@/lib/status/console-api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { params: Promise<{ document: string }> };

/**
 * /api/v1/status|queues|domains|vmtas|jobs|metrics|list|settings: the management port's documents
 * on the console port. Authorisation (X-API-Key or session + monitor.read) is in consoleStatusApi.
 */
export async function GET(request: Request, { params }: Params): Promise<Response> {
  return consoleStatusApi(request, (await params).document);
}

/** /api/v1/commands: one ZQueueAction as JSON (X-API-Key or session + queues.write). */
export async function POST(request: Request, { params }: Params): Promise<Response> {
  return consoleStatusApi(request, (await params).document);
}
