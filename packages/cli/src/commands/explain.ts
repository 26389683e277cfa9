import {
  type EvaluationContext,
  explainFlag,
  overrideEntities,
  type StorageBackend,
  withPrerequisiteFlags,
} from '@flags/core';
import { printJson } from '../io.js';
import { renderExplanation } from '../output/explanation.js';
import type { Runtime } from '../runtime.js';

/** `flags eval KEY --explain`: the engine's decision path for this context, read from the store. */
export async function explainCommand(
  runtime: Runtime,
  store: StorageBackend,
  key: string,
  context: EvaluationContext,
): Promise<void> {
  const flag = await store.getFlag(key);
  // The flag and every flag it reaches through prerequisites (read in bulk, level by level), so the
  // explanation can show what each prerequisite served.
  const flags = flag ? await withPrerequisiteFlags([flag], (keys) => store.getFlags(keys)) : new Map();
  const ids = [...flags.values()].map((each) => each.id);
  const [overrides, segments] = flag
    ? await Promise.all([store.getOverridesForFlags(ids, overrideEntities(context)), store.getAllSegments()])
    : [[], []];
  const explanation = explainFlag(flag, context, {
    defaultValue: null,
    flagKey: key,
    overrides,
    segments,
    prerequisites: (prerequisiteKey) => flags.get(prerequisiteKey),
  });
  if (runtime.json) printJson(runtime.io, explanation);
  else runtime.io.stdout.write(renderExplanation(key, explanation));
}
