import { DOCUMENT_SCHEMA, decodeRecord, ValidationError } from '@flags/core';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS: its default export arrives as the module object under some loaders.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv,
) => Ajv;

let validator: ValidateFunction | undefined;

/** The JSON Schema of a document entry that `@flags/core` ships, compiled once. */
function schemaValidator(): ValidateFunction {
  if (validator === undefined) {
    const ajv = new Ajv({ allErrors: false, strict: false });
    addFormats(ajv);
    validator = ajv.compile(DOCUMENT_SCHEMA);
  }
  return validator;
}

function describe(errors: readonly ErrorObject[] | null | undefined): { path: string; message: string } {
  // With oneOf, the most specific error is the one deepest in the record.
  const deepest = [...(errors ?? [])].sort((a, b) => b.instancePath.length - a.instancePath.length)[0];
  if (!deepest) return { path: '', message: 'does not match the document schema' };
  const path = deepest.instancePath
    .replace(/^\//, '')
    .replace(/\/(\d+)(?=\/|$)/g, '[$1]')
    .replace(/\//g, '.');
  return { path, message: deepest.message ?? 'does not match the document schema' };
}

/**
 * `entries` checked one by one against the shipped JSON Schema of a document entry (before core's
 * model validation, which adds the cross-field rules). A mismatch is a `ValidationError` naming the
 * record and the field.
 */
export async function* validatedBySchema(entries: AsyncIterable<unknown>): AsyncGenerator<unknown> {
  const validate = schemaValidator();
  let position = 0;
  for await (const entry of entries) {
    position++;
    // The header is checked by core's import (its message names the versions it reads).
    if (position > 1 && !validate(entry)) {
      // Core's own check names the rule in plainer words when it catches the same problem.
      decodeRecord(entry, position);
      const { path, message } = describe(validate.errors);
      throw new ValidationError([{ path: `record ${position}${path ? `.${path}` : ''}`, message }], 'document');
    }
    yield entry;
  }
}
