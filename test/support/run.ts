import { execFile } from 'node:child_process';

/** Options of {@link run}. */
export interface RunOptions {
  cwd: string;
  /** Added to (and winning over) this process's environment. */
  env?: Record<string, string | undefined>;
  /** Kills the command after this long. @default 300_000 */
  timeoutMs?: number;
}

/** What a finished command printed. */
export interface RunResult {
  stdout: string;
  stderr: string;
}

const TAIL = 4_000;
const tail = (text: string) => (text.length > TAIL ? `…${text.slice(-TAIL)}` : text);

/**
 * Runs a command without a shell and resolves with its output; rejects with an error that names the
 * command, its folder, its exit code and the end of what it printed, so a failing step explains itself.
 */
export function run(command: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      {
        cwd: options.cwd,
        env: { ...process.env, ...options.env },
        timeout: options.timeoutMs ?? 300_000,
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (!error) return resolve({ stdout, stderr });
        const how = error.killed ? `was killed (${error.signal ?? 'timeout'})` : `exited with ${String(error.code)}`;
        reject(
          new Error(
            `\`${[command, ...args].join(' ')}\` in ${options.cwd} ${how}\n--- stdout\n${tail(stdout)}\n--- stderr\n${tail(stderr)}`,
          ),
        );
      },
    );
  });
}
