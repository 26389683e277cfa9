import { FlagsError, ValidationError } from '@flags/core';
import { Command, CommanderError, Option } from 'commander';
import {
  migrateCommand,
  overrideRemoveCommand,
  overrideSetCommand,
  rolloutCommand,
  setStatusCommand,
} from './commands/edit.js';
import { evalCommand, getCommand, listCommand } from './commands/inspect.js';
import { copyCommand, exportCommand, importCommand } from './commands/transfer.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import type { CliIo } from './io.js';
import { type GlobalOptions, Runtime } from './runtime.js';
import { UsageError } from './usage-error.js';

const MODE_HELP = 'merge (create or update), replace (the store ends equal to the input) or create-only';

function build(runtime: Runtime, io: CliIo): Command {
  const program = new Command('flags')
    .description('Move, inspect and explain @flags feature flags in any store.')
    .option(
      '--url <url>',
      'the store: postgres://, mysql://, mariadb://, sqlite:<path>, redis://, https:// (Upstash), memory: (default: $FLAGS_URL)',
    )
    .option('--redis-prefix <prefix>', 'key prefix of a Redis store (default: feature_flags:)')
    .option('--table-prefix <prefix>', 'table prefix of a SQL store (default: ff_)')
    .option('--json', 'machine-readable output: one JSON value per line')
    .option('--no-progress', 'never draw progress bars (they are drawn only on a terminal anyway)')
    .exitOverride()
    .showHelpAfterError()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });
  const run =
    <A extends unknown[]>(action: (...args: A) => Promise<void>) =>
    (...args: A) =>
      action(...args);

  program
    .command('migrate')
    .description('create or upgrade the tables of a SQL store')
    .action(run(() => migrateCommand(runtime)));
  program
    .command('export')
    .description('write the store as an NDJSON document (stdout unless --out)')
    .option('-o, --out <file>', 'write to this file')
    .option('--flag <key...>', 'only these flags (segments are always exported)')
    .action(run((options: { out?: string; flag?: string[] }) => exportCommand(runtime, options)));
  program
    .command('import')
    .description('validate a document (FILE, or - for stdin), then write it into the store')
    .argument('<file>', 'an NDJSON or whole-object @flags document')
    .addOption(new Option('--mode <mode>', MODE_HELP).default('merge'))
    .option('--dry-run', 'print the changes it would make; write nothing')
    .action(run((file: string, options: { mode?: string; dryRun?: boolean }) => importCommand(runtime, file, options)));
  program
    .command('copy')
    .description('copy everything from one store to another')
    .requiredOption('--from <url>', 'the store to read')
    .requiredOption('--to <url>', 'the store to write')
    .addOption(new Option('--mode <mode>', MODE_HELP).default('merge'))
    .option('--dry-run', 'print the changes it would make; write nothing')
    .action(
      run((options: { from: string; to: string; mode?: string; dryRun?: boolean }) => copyCommand(runtime, options)),
    );
  program
    .command('import-litestar')
    .description('import litestar-flags data from its Redis store, SQL database or bootstrap JSON file')
    .requiredOption(
      '--from <source>',
      'redis://… (its Redis), postgres://… or sqlite:<path> (its tables), or a bootstrap .json file',
    )
    .option('--litestar-prefix <prefix>', "litestar's Redis key prefix", 'feature_flags:')
    .addOption(new Option('--mode <mode>', MODE_HELP).default('merge'))
    .option('--dry-run', 'print the changes it would make; write nothing')
    .action(
      run(async (options: { from: string; litestarPrefix: string; mode?: string; dryRun?: boolean }) => {
        const { importLitestarCommand } = await import('./commands/litestar.js');
        await importLitestarCommand(runtime, options);
      }),
    );
  program
    .command('list')
    .description('list every flag')
    .action(run(() => listCommand(runtime)));
  program
    .command('get')
    .description('show a flag as stored')
    .argument('<key>')
    .action(run((key: string) => getCommand(runtime, key)));
  program
    .command('enable')
    .description('set a flag active')
    .argument('<key>')
    .action(run((key: string) => setStatusCommand(runtime, key, true)));
  program
    .command('disable')
    .description('set a flag inactive (it serves its off value to everyone)')
    .argument('<key>')
    .action(run((key: string) => setStatusCommand(runtime, key, false)));
  program
    .command('rollout')
    .description("set the rollout percentage of a flag's rules")
    .argument('<key>')
    .argument('<percent>', 'an integer from 0 to 100')
    .option('--rule <name>', 'only this rule')
    .action(
      run((key: string, percent: string, options: { rule?: string }) => rolloutCommand(runtime, key, percent, options)),
    );
  const override = program.command('override').description("set or remove an entity's override of a flag");
  override
    .command('set')
    .argument('<key>', 'the flag')
    .argument('<entity-type>', 'user, organization, tenant, targeting_key or your own')
    .argument('<entity-id>')
    .option('--enabled <bool>', 'what a boolean flag serves: true or false', 'true')
    .option('--value <json>', 'what a non-boolean flag serves (JSON)')
    .option('--expires <date>', 'ISO-8601 instant after which the override is gone')
    .action(
      run((key: string, type: string, id: string, options: { enabled?: string; value?: string; expires?: string }) =>
        overrideSetCommand(runtime, key, type, id, options),
      ),
    );
  override
    .command('rm')
    .argument('<key>')
    .argument('<entity-type>')
    .argument('<entity-id>')
    .action(run((key: string, type: string, id: string) => overrideRemoveCommand(runtime, key, type, id)));
  program
    .command('eval')
    .description('evaluate a flag for a context; --explain prints the decision path')
    .argument('<key>')
    .option('--context <json>', 'the evaluation context, e.g. {"targetingKey":"u1","attributes":{"plan":"pro"}}')
    .option('--explain', 'print every step: status, overrides, schedules, each rule and condition, buckets')
    .action(run((key: string, options: { context?: string; explain?: boolean }) => evalCommand(runtime, key, options)));
  return program;
}

/**
 * Runs the `flags` command line (`argv` without the node and script paths) and resolves to its exit
 * code: 0 done, 1 failed, 2 bad usage. Never rejects; errors are printed to `io.stderr` with secrets
 * of the URLs masked.
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  let program: Command | undefined;
  const runtime = new Runtime(io, () => (program?.opts() ?? {}) as GlobalOptions);
  program = build(runtime, io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    const usage = error instanceof UsageError;
    const message = error instanceof Error ? error.message : String(error);
    const prefix =
      error instanceof FlagsError || /^\[@flags\//.test(message) ? '' : usage ? 'usage: ' : '[@flags/cli] ';
    if (runtime.json && !usage) {
      const issues = error instanceof ValidationError ? error.issues : undefined;
      io.stderr.write(
        `${runtime.mask(JSON.stringify({ error: error instanceof Error ? error.name : 'Error', message, issues }))}\n`,
      );
    } else {
      io.stderr.write(`${runtime.mask(`${prefix}${message}`)}\n`);
    }
    return usage ? EXIT_USAGE : EXIT_FAILURE;
  } finally {
    await runtime.close();
  }
}
