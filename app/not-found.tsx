import Link from "next/link";

export default function NotFound() {
  return (
    <main className="grid min-h-[60vh] place-items-center p-8">
      <div className="text-center">
        <p className="text-sm font-semibold text-muted-foreground">404</p>
        <h1 className="mt-1 text-xl font-semibold">Page not found</h1>
        <Link href="/monitor" className="mt-4 inline-block text-sm font-medium text-primary underline-offset-4 hover:underline">
          Back to the monitor
        </Link>
      </div>
    </main>
  );
}
