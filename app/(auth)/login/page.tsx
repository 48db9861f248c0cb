import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getSessionUser } from "@/lib/auth/require-permission";
import { LoginClient } from "./login-client";

export const metadata: Metadata = { title: "Sign in" };

/** Only same-site paths: never bounce a user to another origin after login. */
function safeCallbackUrl(value: string | string[] | undefined): string {
  const url = Array.isArray(value) ? value[0] : value;
  return url && url.startsWith("/") && !url.startsWith("//") && !url.startsWith("/\\") ? url : "/monitor";
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  if (await getSessionUser()) redirect(callbackUrl);
  return (
    <main className="grid min-h-screen place-items-center bg-sidebar p-6">
      <LoginClient callbackUrl={callbackUrl} />
    </main>
  );
}
