import type { NextConfig } from "next";

/**
 * Packages with native code, wasm or their own module loading stay outside the server bundle.
 * The page CSP carries a per-request nonce and is set in proxy.ts; the headers here apply everywhere.
 */
const nextConfig: NextConfig = {
  poweredByHeader: false,
  serverExternalPackages: [
    "smtp-server",
    "nodemailer",
    "better-sqlite3",
    "pg",
    "@prisma/client",
    "@prisma/adapter-better-sqlite3",
    "@prisma/adapter-pg",
    "@prisma/driver-adapter-utils",
    "@prisma/schema-engine-wasm",
  ],
  // forbidden()/unauthorized(): real 403/401 responses from pages and server actions.
  experimental: { authInterrupts: true },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
          { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
        ],
      },
      {
        // JSON and event streams: nothing here may load or frame anything.
        source: "/api/:path*",
        headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }],
      },
    ];
  },
};

export default nextConfig;
