import { type Column, eq, type SQL, type Table } from 'drizzle-orm';
import type { SqlFlavor } from '../dialect/dialect.js';
import { type Field, FLAG_FIELDS, RULE_FIELDS, TIME_SCHEDULE_FIELDS, VARIANT_FIELDS } from '../schema/fields.js';
import type { FlagsTableSet } from '../schema/types.js';

/** The JSON-array expression of one row of `table`, field by field. */
export function documentOf(flavor: SqlFlavor, table: Table, fields: readonly Field[]): SQL {
  const columns = table as unknown as Record<string, Column>;
  return flavor.array(
    fields.map(([property, kind]) => {
      const column = columns[property] as Column;
      if (kind === 'json') return flavor.json(column);
      if (kind === 'millis') return flavor.millis(column);
      return flavor.plain(column);
    }),
  );
}

/**
 * A flag's document: its own fields, then its rules, variants and time schedules as nested arrays
 * (correlated subqueries, so a flag with all it needs is one row of one statement).
 */
export function flagDocument(flavor: SqlFlavor, t: FlagsTableSet): SQL {
  const own = documentOf(flavor, t.flags, FLAG_FIELDS);
  const nested = (
    table: FlagsTableSet['flagRules'] | FlagsTableSet['flagVariants'] | FlagsTableSet['timeSchedules'],
    fields: readonly Field[],
  ) => flavor.aggregate(documentOf(flavor, table, fields), table, eq(table.flagId, t.flags.id));
  return flavor.array([
    own,
    nested(t.flagRules, RULE_FIELDS),
    nested(t.flagVariants, VARIANT_FIELDS),
    nested(t.timeSchedules, TIME_SCHEDULE_FIELDS),
  ]);
}
