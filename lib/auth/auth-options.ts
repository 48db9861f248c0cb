import "server-only";

/**
 * next-auth 4: username + password (Credentials), JWT sessions with a short lifetime, the role copied
 * into the token for display only. Authorization never trusts the token's role: require-permission
 * re-reads the user from the database on every request.
 */

import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getEnv } from "../env";
import { clientIpFromHeaders } from "../http/client-ip";
import { isRole } from "./permissions";
import { ensureAuthSecret } from "./secret";
import { authenticate } from "../services/authenticate";
import { createAuditRepository } from "../db/audit-repository";

/** One hour; the console's SessionProvider refreshes the cookie while a tab is open. */
export const SESSION_MAX_AGE_S = 60 * 60;
/** How often an open console tab refreshes its session (keeps an active user signed in). */
export const SESSION_REFETCH_S = 5 * 60;

let options: NextAuthOptions | undefined;

/** Built on first use, not at import: `next build` imports route modules and must not touch data/. */
export function getAuthOptions(): NextAuthOptions {
  if (options) return options;
  const env = getEnv();
  process.env.NEXTAUTH_URL ??= env.authUrl;
  options = {
    secret: ensureAuthSecret(env.dataDir),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
    jwt: { maxAge: SESSION_MAX_AGE_S },
    pages: { signIn: "/login", error: "/login" },
    providers: [
      CredentialsProvider({
        name: "Hermod",
        credentials: { username: { label: "Username", type: "text" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          const headers = (req?.headers ?? {}) as Record<string, string | undefined>;
          const result = await authenticate({
            username: String(credentials?.username ?? ""),
            password: String(credentials?.password ?? ""),
            ip: clientIpFromHeaders((name) => headers[name]),
          });
          if (result.ok) return { id: result.user.id, name: result.user.username, role: result.user.role };
          // next-auth turns a thrown message into `?error=<message>` for the login form.
          if (result.reason === "rate-limited") throw new Error(result.message);
          return null;
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          token.username = user.name;
          token.role = user.role;
        }
        return token;
      },
      session({ session, token }) {
        session.user = {
          id: token.sub ?? "",
          name: token.username ?? "",
          role: isRole(token.role) ? token.role : "viewer",
        };
        return session;
      },
    },
    events: {
      async signOut({ token }) {
        if (token?.username) {
          await createAuditRepository().record({ actor: token.username, action: "auth.logout", target: token.username });
        }
      },
    },
  };
  return options;
}
