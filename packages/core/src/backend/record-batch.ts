import { ValidationError, type ValidationIssue } from '../errors.js';

/** What must differ between the records of one batch: a field's path and its value as a key. */
export type BatchUniqueness<Model> = (model: Model) => ReadonlyArray<readonly [field: string, key: string]>;

/**
 * Validates every record of a batch write before anything is written: each one through `validate`
 * (a core constructor such as `createScheduledChange`), and no two sharing a value `unique` names (one
 * of them would fail as taken halfway through). Every problem is reported at once, its path
 * prefixed with the record's position, e.g. `[3].flagId: must not be empty`.
 * @param model what the records are, for the error (`"scheduled changes"`).
 * @throws ValidationError when any record is invalid or repeated (nothing may be written then).
 */
export function requireRecordBatch<Input, Model>(
  inputs: readonly Input[],
  validate: (input: Input) => Model,
  model: string,
  unique: BatchUniqueness<Model>,
): Model[] {
  if (!Array.isArray(inputs)) {
    throw new ValidationError([{ path: '', message: `must be an array of ${model}` }], model);
  }
  const issues: ValidationIssue[] = [];
  const records: Model[] = [];
  const firstAt = new Map<string, number>();
  inputs.forEach((input, index) => {
    try {
      const record = validate(input);
      for (const [field, key] of unique(record)) {
        const slot = `${field}\u0000${key}`;
        const first = firstAt.get(slot);
        if (first === undefined) firstAt.set(slot, index);
        else issues.push({ path: `[${index}].${field}`, message: `is the same as [${first}]'s` });
      }
      records.push(record);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      for (const issue of error.issues) {
        issues.push({ ...issue, path: issue.path ? `[${index}].${issue.path}` : `[${index}]` });
      }
    }
  });
  if (issues.length > 0) throw new ValidationError(issues, model);
  return records;
}
