import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { getAuthOptions } from "@/lib/auth/auth-options";
import { loginRateLimitResponse } from "@/lib/auth/login-gate";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ nextauth: string[] }> };

// Built per request from lazily created options: importing this module (next build) touches nothing.
function handle(request: NextRequest, context: Context): Promise<Response> {
  return NextAuth(getAuthOptions())(request, context);
}

export function GET(request: NextRequest, context: Context): Promise<Response> {
  return handle(request, context);
}

export async function POST(request: NextRequest, context: Context): Promise<Response> {
  const { nextauth } = await context.params;
  if (nextauth?.[0] === "callback" && nextauth[1] === "credentials") {
    const refused = await loginRateLimitResponse(request);
    if (refused) return refused;
  }
  return handle(request, context);
}
