import { type EvaluationContext, explainFlag, overrideEntities, type StorageBackend } from '@flags/core';
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
  const [overrides, segments] = flag
    ? await Promise.all([store.getOverrides(flag.id, overrideEntities(context)), store.getAllSegments()])
    : [[], []];
  const explanation = explainFlag(flag, context, { defaultValue: null, flagKey: key, overrides, segments });
  if (runtime.json) printJson(runtime.io, explanation);
  else runtime.io.stdout.write(renderExplanation(key, explanation));
}
