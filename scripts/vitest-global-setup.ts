/**
 * Runs once before the whole test run. Backend packages register their service checks here so
 * that a missing server fails the run with a message naming the service, the URL and the env var.
 */
export default async function setup(): Promise<void> {}
