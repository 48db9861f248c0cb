// `server-only` is resolved by Next's bundler (an alias to an empty module in server code, to a
// module that throws in client code); declaring it lets tsc check files that import it.
declare module "server-only";
