import { emptyData, type LitestarData } from './data.js';
import { uuidValue } from './values.js';

type Row = Record<string, unknown>;
type Query = (table: string) => Promise<Row[]>;

/** litestar's table names are fixed (its `table_prefix` setting is never used). */
const TABLES = [
  'feature_flags',
  'flag_rules',
  'flag_variants',
  'flag_overrides',
  'scheduled_flag_changes',
  'time_schedules',
  'rollout_phases',
  'segments',
  'environments',
  'environment_flags',
] as const;

async function opener(url: string): Promise<{ query: Query; close: () => Promise<void> }> {
  if (/^postgres(ql)?:\/\//i.test(url)) {
    const { default: postgres } = await import('postgres');
    const sql = postgres(url, { max: 1, connect_timeout: 5, onnotice: () => {} });
    return {
      query: (table) => sql.unsafe(`select * from "${table}"`) as unknown as Promise<Row[]>,
      close: () => sql.end({ timeout: 5 }),
    };
  }
  if (/^(mysql|mariadb):\/\//i.test(url)) {
    const { createConnection } = await import('mysql2/promise');
    const connection = await createConnection({ uri: url.replace(/^mariadb:/i, 'mysql:'), connectTimeout: 5000 });
    return {
      query: async (table) => (await connection.query(`select * from \`${table}\``))[0] as Row[],
      close: () => connection.end(),
    };
  }
  const { default: Database } = await import('better-sqlite3');
  const path = url.replace(/^(sqlite|file):(\/\/)?/i, '');
  const db = new Database(path, { readonly: true, fileMustExist: true });
  return {
    query: async (table) => db.prepare(`select * from "${table}"`).all() as Row[],
    close: async () => void db.close(),
  };
}

/** Reads litestar-flags' SQL tables (PostgreSQL, MySQL/MariaDB or SQLite), joining rules and variants into their flags. */
export async function readLitestarSql(url: string): Promise<LitestarData> {
  const { query, close } = await opener(url);
  const data = emptyData();
  try {
    const rows: Partial<Record<(typeof TABLES)[number], Row[]>> = {};
    for (const table of TABLES) {
      try {
        rows[table] = await query(table);
      } catch (error) {
        // Only the flags table is required; litestar creates the others lazily in some setups.
        if (table === 'feature_flags') throw error;
        rows[table] = [];
      }
    }
    const byFlag = (list: Row[] | undefined) => {
      const grouped = new Map<string, Row[]>();
      for (const row of list ?? []) {
        const id = uuidValue(row.flag_id) ?? '';
        grouped.set(id, [...(grouped.get(id) ?? []), row]);
      }
      return grouped;
    };
    const rules = byFlag(rows.flag_rules);
    const variants = byFlag(rows.flag_variants);
    for (const flag of rows.feature_flags ?? []) {
      const id = uuidValue(flag.id) ?? '';
      const flagRules = (rules.get(id) ?? []).sort((a, b) => Number(a.priority ?? 0) - Number(b.priority ?? 0));
      data.flags.push({
        row: { ...flag, rules: flagRules, variants: variants.get(id) ?? [] },
        source: `feature_flags#${id || String(flag.key)}`,
        withRulesAndVariants: true,
      });
    }
    const tag = (table: string, row: Row) => `${table}#${uuidValue(row.id) ?? '?'}`;
    for (const row of rows.segments ?? []) data.segments.push({ row, source: tag('segments', row) });
    for (const row of rows.flag_overrides ?? []) data.overrides.push({ row, source: tag('flag_overrides', row) });
    for (const row of rows.scheduled_flag_changes ?? [])
      data.scheduledChanges.push({ row, source: tag('scheduled_flag_changes', row) });
    for (const row of rows.time_schedules ?? []) data.timeSchedules.push({ row, source: tag('time_schedules', row) });
    for (const row of rows.rollout_phases ?? []) data.rolloutPhases.push({ row, source: tag('rollout_phases', row) });
    for (const row of rows.environments ?? []) {
      data.unmappable.push({
        source: tag('environments', row),
        message: `environment "${String(row.slug)}": @flags has no environments (use one store per environment)`,
      });
    }
    for (const row of rows.environment_flags ?? []) {
      data.unmappable.push({
        source: tag('environment_flags', row),
        message:
          "per-environment flag settings: @flags has no environments (import them into that environment's store by hand)",
      });
    }
  } finally {
    await close();
  }
  return data;
}
