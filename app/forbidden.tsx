import Link from "next/link";

export default function Forbidden() {
  return (
    <main className="grid min-h-[60vh] place-items-center p-8">
      <div className="max-w-md text-center">
        <p className="text-sm font-semibold text-destructive">403</p>
        <h1 className="mt-1 text-xl font-semibold" data-testid="forbidden-title">
          You do not have access to this page
        </h1>
        <p className="mt-2 text-sm text-muted-foreground">Your role does not include this permission. Ask an admin if you need it.</p>
        <Link href="/monitor" className="mt-4 inline-block text-sm font-medium text-primary underline-offset-4 hover:underline">
          Back to the monitor
        </Link>
      </div>
    </main>
  );
}
