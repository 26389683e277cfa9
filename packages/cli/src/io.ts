/** Where a run of the CLI reads its environment and writes its output (a test passes its own). */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: Record<string, string | undefined>;
}

/** Writes `text` and a newline to stdout. */
export function println(io: CliIo, text = ''): void {
  io.stdout.write(`${text}\n`);
}

/** Writes one JSON value (a line) to stdout, for `--json`. */
export function printJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value)}\n`);
}
