import Link from "next/link";

export default function Unauthorized() {
  return (
    <main className="grid min-h-[60vh] place-items-center p-8">
      <div className="max-w-md text-center">
        <p className="text-sm font-semibold text-destructive">401</p>
        <h1 className="mt-1 text-xl font-semibold">Your session has ended</h1>
        <Link href="/login" className="mt-4 inline-block text-sm font-medium text-primary underline-offset-4 hover:underline">
          Sign in again
        </Link>
      </div>
    </main>
  );
}
