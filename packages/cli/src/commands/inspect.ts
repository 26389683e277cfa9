import { type EvaluationContext, FeatureFlagClient, type JsonValue, NotFoundError } from '@flags/core';
import { printJson, println } from '../io.js';
import { parseContext } from '../parse/context.js';
import type { Runtime } from '../runtime.js';

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** `flags list`: every flag with its type, status, default and size. */
export async function listCommand(runtime: Runtime): Promise<void> {
  const store = await runtime.open();
  const flags = await store.getAllFlags();
  if (runtime.json) {
    for (const flag of flags) printJson(runtime.io, flag);
    return;
  }
  const rows = flags.map((flag) => [
    flag.key,
    flag.flagType,
    flag.status,
    JSON.stringify(flag.flagType === 'boolean' ? flag.defaultEnabled : flag.defaultValue),
    String(flag.rules.length),
    String(flag.variants.length),
    String(flag.version),
  ]);
  const header = ['KEY', 'TYPE', 'STATUS', 'DEFAULT', 'RULES', 'VARIANTS', 'VERSION'];
  const widths = header.map((title, i) =>
    Math.min(40, Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length))),
  );
  for (const row of [header, ...rows])
    println(
      runtime.io,
      row
        .map((cell, i) => pad(cell, widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    );
  if (rows.length === 0) println(runtime.io, '(no flags)');
}

/** `flags get KEY`: the flag as stored (JSON), with its time schedules and override count. */
export async function getCommand(runtime: Runtime, key: string): Promise<void> {
  const store = await runtime.open();
  const flag = await store.getFlag(key);
  if (flag === null) throw new NotFoundError(`[@flags/cli] no flag "${key}"`);
  const overrides = await store.listOverrides(flag.id);
  const shown = { ...flag, overrides: overrides.length };
  if (runtime.json) printJson(runtime.io, shown);
  else println(runtime.io, JSON.stringify(shown, null, 2));
}

/** `flags eval KEY --context JSON`: what the client serves this context, as the app would see it. */
export async function evalCommand(
  runtime: Runtime,
  key: string,
  options: { context?: string; explain?: boolean },
): Promise<void> {
  const context: EvaluationContext = parseContext(options.context);
  const store = await runtime.open();
  if (options.explain) {
    const { explainCommand } = await import('./explain.js');
    await explainCommand(runtime, store, key, context);
    return;
  }
  const client = new FeatureFlagClient({ storage: store });
  const flag = await store.getFlag(key);
  // Ask with the flag's own type, so the answer is what an app using the right getter sees.
  const typed =
    flag?.flagType === 'boolean'
      ? await client.getBooleanDetails(key, false, context)
      : flag?.flagType === 'string'
        ? await client.getStringDetails(key, '', context)
        : flag?.flagType === 'number'
          ? await client.getNumberDetails(key, 0, context)
          : await client.getObjectDetails<JsonValue>(key, null, context);
  if (runtime.json) {
    printJson(runtime.io, typed);
    return;
  }
  const variant = typed.variant ? `, variant "${typed.variant}"` : '';
  const error = typed.errorCode ? `, ${typed.errorCode}: ${typed.errorMessage}` : '';
  println(runtime.io, `${key} = ${JSON.stringify(typed.value)} (${typed.reason}${variant}${error})`);
}
