import { afterAll, expect, it } from 'vitest';
import { createStrictPool } from '../src/mysql/pool.js';
import { MYSQL } from './support/servers.js';

const pool = createStrictPool(MYSQL.url, { connectTimeoutMs: 5_000, maxConnections: 3 });
afterAll(() => pool.end());

it('every connection the package opens to MySQL/MariaDB runs in strict SQL mode', async () => {
  const modes = await Promise.all(
    Array.from({ length: 3 }, async () => {
      const connection = await pool.getConnection();
      try {
        const [rows] = await connection.query('select @@session.sql_mode as mode');
        return String((rows as Array<{ mode: string }>)[0]?.mode);
      } finally {
        connection.release();
      }
    }),
  );
  for (const mode of modes) expect(mode.split(',')).toContain('STRICT_ALL_TABLES');
});

it('a session left lenient clamps silently: what strict mode prevents', async () => {
  const connection = await pool.getConnection();
  try {
    await connection.query("set session sql_mode = ''");
    await connection.query('create temporary table lenient_probe (n int)');
    await connection.query('insert into lenient_probe values (1099511627776)');
    const [rows] = await connection.query('select n from lenient_probe');
    expect((rows as Array<{ n: number }>)[0]?.n).toBe(2_147_483_647);
  } finally {
    connection.destroy();
  }
});

it('on the package’s connections a value past a column is refused, never clamped', async () => {
  const connection = await pool.getConnection();
  try {
    await connection.query('create temporary table strict_probe (n int)');
    await expect(connection.query('insert into strict_probe values (1099511627776)')).rejects.toThrow(/out of range/i);
    const [rows] = await connection.query('select count(*) as n from strict_probe');
    expect(Number((rows as Array<{ n: number }>)[0]?.n)).toBe(0);
  } finally {
    connection.release();
  }
});
