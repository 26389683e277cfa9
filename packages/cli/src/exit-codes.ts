/** Everything went as asked. */
export const EXIT_OK = 0;
/** The work failed: a store error, an invalid document, a flag that does not exist. */
export const EXIT_FAILURE = 1;
/** The command line is wrong: unknown command or option, missing argument, unreadable value. */
export const EXIT_USAGE = 2;
