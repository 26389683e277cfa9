import { type Column, eq, type SQL, sql, type Table } from 'drizzle-orm';
import type { SqlFlavor } from '../dialect/dialect.js';
import { type Field, FLAG_FIELDS, RULE_FIELDS, TIME_SCHEDULE_FIELDS, VARIANT_FIELDS } from '../schema/fields.js';
import type { AnyDatabase, FlagsTableSet } from '../schema/types.js';

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

type ChildTable = FlagsTableSet['flagRules'] | FlagsTableSet['flagVariants'] | FlagsTableSet['timeSchedules'];

/** The child tables of a flag document, in document order, with their fields. */
function children(t: FlagsTableSet): [ChildTable, readonly Field[]][] {
  return [
    [t.flagRules, RULE_FIELDS],
    [t.flagVariants, VARIANT_FIELDS],
    [t.timeSchedules, TIME_SCHEDULE_FIELDS],
  ];
}

/**
 * A flag's document: its own fields, then its rules, variants and time schedules as nested arrays
 * (correlated subqueries, so a flag with all it needs is one row of one statement).
 */
export function flagDocument(flavor: SqlFlavor, t: FlagsTableSet): SQL {
  const nested = children(t).map(([table, fields]) =>
    flavor.aggregate(documentOf(flavor, table, fields), table, eq(table.flagId, t.flags.id)),
  );
  return flavor.array([documentOf(flavor, t.flags, FLAG_FIELDS), ...nested]);
}

/**
 * The same document for a read of every flag, where the dialect has grouped arrays: each child table
 * aggregated once, grouped by flag, and joined, instead of three subqueries per flag. PostgreSQL
 * costs the subqueries per flag; with thousands of flags (or before the tables were analyzed) that
 * estimate passes its JIT thresholds and it compiles the statement to machine code for longer than
 * the statement then runs.
 * @returns the document and the grouped children to left-join on `flag_id = flags.id`; null where the
 *   dialect reads every flag with the subqueries of {@link flagDocument}.
 */
export function everyFlagDocument(
  handle: AnyDatabase,
  flavor: SqlFlavor,
  t: FlagsTableSet,
): { doc: SQL; joins: { table: AnyDatabase; on: SQL }[] } | null {
  const { groupArray, joinedArray } = flavor;
  if (groupArray === undefined || joinedArray === undefined) return null;
  // Names unique across the joined tables: drizzle refers to a derived table's columns by name alone.
  const joins = children(t).map(([table, fields], i) => {
    const element = documentOf(flavor, table, fields);
    const grouped = handle
      .select({ flagId: sql`${table.flagId}`.as(`c${i}_flag_id`), docs: groupArray(element).as(`c${i}_docs`) })
      .from(table)
      .groupBy(table.flagId)
      .as(`c${i}`);
    return { table: grouped, on: eq(grouped.flagId, t.flags.id) };
  });
  const doc = flavor.array([
    documentOf(flavor, t.flags, FLAG_FIELDS),
    ...joins.map(({ table }) => joinedArray(sql`${table.docs}`)),
  ]);
  return { doc, joins };
}
