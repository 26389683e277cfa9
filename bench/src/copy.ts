/**
 * Copying a large store between backends with `copyStorage` (what `flags copy` runs): 10,000 flags
 * and 100,000, then 1,000,000 overrides, PostgreSQL → Redis and back to a fresh PostgreSQL. Each step
 * runs in its own process (./copy/worker.ts) so its peak memory is its own; the point is records/s,
 * and a peak that does not grow with the number of overrides (the copy streams: it never holds them
 * all). Sizes: `$FLAGS_BENCH_COPY_OVERRIDES` (comma-separated, default 100000,1000000) and
 * `$FLAGS_BENCH_COPY_FLAGS` (default 10000). Servers:
 * `$FLAGS_TEST_PG_URL` and `$FLAGS_TEST_REDIS_URL`.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import postgres from 'postgres';
import type { BenchSuite } from './types.js';

const execFileAsync = promisify(execFile);
const FLAGS = Number(process.env.FLAGS_BENCH_COPY_FLAGS || 10_000);
const PG_URL = process.env.FLAGS_TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.FLAGS_TEST_REDIS_URL || 'redis://127.0.0.1:6379';
const WORKER = fileURLToPath(new URL('./copy/worker.ts', import.meta.url));
const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url));

async function worker<T>(...args: string[]): Promise<T> {
  const { stdout } = await execFileAsync(process.execPath, ['--import', 'tsx', WORKER, ...args], {
    cwd: BENCH_DIR,
    maxBuffer: 16 * 2 ** 20,
    timeout: 60 * 60_000,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as T;
}

interface CopyStep {
  ms: number;
  records: number;
  created: { flag: number; override: number };
  peakRssMb: number;
  peakHeapMb: number;
}

function databaseUrl(name: string): string {
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function deleteRedisPrefix(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 5000);
      if (keys.length > 0) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export const run: BenchSuite = async (report) => {
  const sizes = (process.env.FLAGS_BENCH_COPY_OVERRIDES || '100000,1000000').split(',').map(Number);
  const admin = postgres(PG_URL, { max: 1, onnotice: () => {} });
  await admin`select 1`.catch((error: Error) => {
    throw new Error(
      `[@flags/bench] copy: PostgreSQL is not reachable at ${PG_URL} (${error.message}); set FLAGS_TEST_PG_URL`,
    );
  });
  const peaks: Record<string, Record<string, number>> = {};
  try {
    for (const overrides of sizes) {
      const tag = `${Date.now().toString(36)}`;
      const [source, back] = [`bench_copy_src_${tag}`, `bench_copy_back_${tag}`];
      const prefix = `bench-copy-${tag}:`;
      const label = `${FLAGS / 1000}k flags + ${overrides >= 1e6 ? `${overrides / 1e6}M` : `${overrides / 1000}k`} overrides`;
      try {
        await admin.unsafe(`create database ${source}`);
        await admin.unsafe(`create database ${back}`);
        const seeded = await worker<{ overridesMs: number }>(
          'seed',
          databaseUrl(source),
          String(FLAGS),
          String(overrides),
        );
        report.add({
          name: `seed: upsertOverrides into PostgreSQL, ${label}`,
          opsPerSec: overrides / (seeded.overridesMs / 1000),
          meanUs: (seeded.overridesMs * 1000) / overrides,
          note: 'batches of 1,000, 4 in parallel',
        });
        const redisTarget = `${REDIS_URL}#${prefix}`;
        for (const [name, from, to] of [
          ['PostgreSQL → Redis', databaseUrl(source), redisTarget],
          ['Redis → PostgreSQL', redisTarget, databaseUrl(back)],
        ] as const) {
          const step = await worker<CopyStep>('copy', from, to);
          if (step.created.override !== overrides || step.created.flag !== FLAGS) {
            throw new Error(
              `[@flags/bench] copy ${name}: created ${JSON.stringify(step.created)}, expected ${FLAGS} flags and ${overrides} overrides`,
            );
          }
          const perSec = step.records / (step.ms / 1000);
          report.add({
            name: `copy ${name}, ${label}`,
            opsPerSec: perSec,
            meanUs: 1e6 / perSec,
            note: `records/s; ${(step.ms / 1000).toFixed(1)} s; peak RSS ${step.peakRssMb} MB, peak heap ${step.peakHeapMb} MB`,
          });
          peaks[`${name}, ${label}`] = {
            peakRssMb: step.peakRssMb,
            peakHeapMb: step.peakHeapMb,
            seconds: Math.round(step.ms / 100) / 10,
          };
        }
      } finally {
        await admin.unsafe(`drop database if exists ${source} with (force)`);
        await admin.unsafe(`drop database if exists ${back} with (force)`);
        await deleteRedisPrefix(prefix);
      }
    }
  } finally {
    await admin.end({ timeout: 5 });
  }
  report.meta('flags', FLAGS);
  report.meta('peak memory per step (each step its own process)', peaks);
  report.meta('target', 'peak memory of a copy does not grow with the number of overrides');
  await report.flush();
};
