import { type Column, type SQL, sql, type Table } from 'drizzle-orm';
import type { Dialect, FailureKind, PreparedQuery, SqlFlavor } from '../dialect/dialect.js';
import { driverCode } from '../errors/errors.js';
import type { AnyDatabase } from '../schema/types.js';

/** Rows of a JSON array of strings given as a parameter, as a derived table `jt(v)`. */
const jsonStrings = (name: string) =>
  sql`json_table(${sql.placeholder(name)}, '$[*]' columns (v varchar(255) path '$')) jt`;

const flavor: SqlFlavor = {
  array: (items: SQL[]) => sql`json_array(${sql.join(items, sql`, `)})`,
  // JSON_ARRAY refuses to mix collations: the text columns are NO PAD, MariaDB's JSON columns
  // utf8mb4_bin. Same charset, so re-labelling the text columns is free and changes nothing.
  plain: (column: Column) =>
    /char|text/i.test(column.getSQLType()) ? sql`(${column} collate utf8mb4_bin)` : sql`${column}`,
  // MariaDB ≥ 10.5 and MySQL embed JSON columns (and JSON-valued subqueries) as JSON, not as strings.
  json: (column: Column) => sql`${column}`,
  // Zone-independent (unlike UNIX_TIMESTAMP, which reads DATETIME in the session time zone).
  millis: (column: Column) => sql`(timestampdiff(microsecond, '1970-01-01 00:00:00', ${column}) div 1000)`,
  // MySQL's JSON_ARRAYAGG has no ORDER BY: the decoder sorts sub-rows itself.
  aggregate: (element: SQL, table: Table, where: SQL) =>
    sql`(select coalesce(json_arrayagg(${element}), json_array()) from ${table} where ${where})`,
  inJsonList: (column: Column, name: string) => sql`${column} in (select jt.v from ${jsonStrings(name)})`,
  pairInJsonList: (a: Column, b: Column, name: string) =>
    sql`(${a}, ${b}) in (select jt.t, jt.i from json_table(${sql.placeholder(name)}, '$[*]' columns (t varchar(255) path '$[0]', i varchar(255) path '$[1]')) jt)`,
  // The text columns are utf8mb4_bin already.
  byteOrder: (column: Column) => sql`${column}`,
  // MariaDB hands JSON over as text anyway; MySQL's JSON type would be parsed by mysql2.
  text: (document: SQL) => sql`cast(${document} as char character set utf8mb4)`,
};

/**
 * MariaDB caps JSON_ARRAYAGG at `group_concat_max_len` (1 MB by default) and cuts silently,
 * leaving valid JSON with truncated data. Lifting the cap for the one statement needs
 * `SET STATEMENT … FOR`, which MySQL does not parse: inside a MariaDB-only executable comment
 * MariaDB runs it and MySQL (whose JSON_ARRAYAGG has no such cap) skips it.
 */
// 1 GB: the largest max_allowed_packet, so no row the server can send is cut. (Strict mode refuses
// out-of-range values here instead of clamping them: 2^32 - 1 is out of range on this variable.)
export const UNCAPPED_AGGREGATES_PREFIX = '/*M! SET STATEMENT group_concat_max_len = 1073741824 FOR */ ';
const UNCAPPED_AGGREGATES = sql.raw(UNCAPPED_AGGREGATES_PREFIX);

const KINDS: Record<string, FailureKind> = {
  ER_DUP_ENTRY: 'unique',
  ER_NO_REFERENCED_ROW: 'foreign-key',
  ER_NO_REFERENCED_ROW_2: 'foreign-key',
  ER_LOCK_DEADLOCK: 'retry',
  ER_LOCK_WAIT_TIMEOUT: 'retry',
};

/**
 * Rows an UPDATE matched: mysql2 reports `affectedRows` as rows *changed* (unless the connection set
 * CLIENT_FOUND_ROWS), so a claim renewed with an identical expiry would read as "not claimed".
 * The server's info string ("Rows matched: 1  Changed: 0  Warnings: 0") has the matched count.
 */
function matchedRows(result: unknown): number {
  const header = (Array.isArray(result) ? result[0] : result) as { affectedRows?: number; info?: string };
  const matched = /Rows matched: (\d+)/.exec(header?.info ?? '');
  return matched ? Number(matched[1]) : (header?.affectedRows ?? 0);
}

const prepare = (handle: AnyDatabase, select: AnyDatabase): PreparedQuery =>
  handle.session.prepareQuery(handle.dialect.sqlToQuery(sql`${UNCAPPED_AGGREGATES}${select.getSQL()}`), undefined);

// Without selected fields drizzle hands back mysql2's own result: [rows, fields].
const docs = async (query: PreparedQuery, params: Record<string, unknown>) =>
  ((await query.execute(params)) as [Array<{ doc: unknown }>])[0].map((row) => row.doc);

/** The MySQL / MariaDB glue (mysql2). */
export const mysqlDialect: Dialect = {
  name: 'mysql',
  sql: flavor,
  prepare,
  docs,
  readDocs: (tx: AnyDatabase, select: AnyDatabase) => docs(prepare(tx, select), {}),
  affected: matchedRows,
  upsert: (insert: AnyDatabase, _target: Column[], set: Record<string, unknown>) =>
    insert.onDuplicateKeyUpdate({ set }),
  transaction: (db: AnyDatabase, work) => db.transaction(work),
  classify: (error: unknown) => KINDS[String(driverCode(error))] ?? 'other',
  exec: async (handle: AnyDatabase, statement: SQL) => {
    await handle.execute(statement);
  },
  query: async (handle: AnyDatabase, statement: SQL) => (await handle.execute(statement))[0],
  // The shipped SQL names MariaDB's binary NO PAD collation; MySQL 8 has the same under another name.
  adaptMigration: async (handle: AnyDatabase) => {
    const [row] = (await handle.execute(sql`select version() as v`))[0] as Array<{ v: string }>;
    if (/mariadb/i.test(String(row?.v))) return (statement: string) => statement;
    return (statement: string) => statement.replaceAll('utf8mb4_nopad_bin', 'utf8mb4_0900_bin');
  },
  // DDL commits implicitly in MySQL, so a session lock (not the transaction) serialises migrators.
  lockMigrations: async (tx: AnyDatabase, migrationsTable: string) => {
    await tx.execute(sql`select get_lock(${migrationsTable}, 60)`);
  },
  unlockMigrations: async (tx: AnyDatabase, migrationsTable: string) => {
    await tx.execute(sql`select release_lock(${migrationsTable})`);
  },
};
