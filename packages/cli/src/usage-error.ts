/** The command line itself is wrong (a missing argument, JSON that does not parse): exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
