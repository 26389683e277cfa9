import type { ImportChange, ImportResult, KindCounts } from '@flags/core';
import { type CliIo, printJson, println } from '../io.js';

const KIND_NAMES: Record<keyof KindCounts, string> = {
  segment: 'segments',
  flag: 'flags',
  timeSchedule: 'time schedules',
  scheduledChange: 'scheduled changes',
  rolloutPhase: 'rollout phases',
  override: 'overrides',
};

function counts(label: string, values: KindCounts): string | null {
  const parts = Object.entries(values)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${n} ${KIND_NAMES[kind as keyof KindCounts]}`);
  return parts.length > 0 ? `${label}: ${parts.join(', ')}` : null;
}

/** The end of an import, copy or dry run: what was (or would be) written. */
export function printImportResult(io: CliIo, json: boolean, result: ImportResult): void {
  if (json) {
    printJson(io, { type: 'result', ...result });
    return;
  }
  const verb = result.dryRun ? 'would be ' : '';
  const lines = [
    counts(`${verb}created`, result.created),
    counts(`${verb}updated`, result.updated),
    counts(`${verb}deleted`, result.deleted),
    counts('unchanged', result.unchanged),
  ].filter((line): line is string => line !== null);
  if (result.expiredOverrides > 0) lines.push(`skipped ${result.expiredOverrides} expired overrides`);
  println(io, `${result.records} records read${result.dryRun ? ' (dry run: nothing written)' : ''}`);
  for (const line of lines.length > 0 ? lines : ['nothing to change']) println(io, `  ${line}`);
}

const SIGN = { create: '+', update: '~', delete: '-' } as const;

/** One line of a dry run's diff: `+ flag checkout`, `~ override user:42`, `- segment beta`. */
export function printChange(io: CliIo, json: boolean, change: ImportChange): void {
  if (json) printJson(io, { type: 'change', ...change });
  else println(io, `${SIGN[change.action]} ${change.kind} ${change.label}`);
}
