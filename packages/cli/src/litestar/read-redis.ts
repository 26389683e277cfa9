import { emptyData, type LitestarData } from './data.js';

type Row = Record<string, unknown>;

const KINDS: [string, keyof Omit<LitestarData, 'unmappable' | 'flags' | 'segments'> | 'flags'][] = [
  ['flag:', 'flags'],
  ['override:', 'overrides'],
  ['schedule:', 'scheduledChanges'],
  ['time_schedule:', 'timeSchedules'],
  ['rollout_phase:', 'rolloutPhases'],
];
/** Index sets litestar keeps beside its documents; the documents are the truth. */
const INDEX_KEY = /^(flags|schedules|time_schedules|schedules:flag:.*|time_schedules:flag:.*|rollout_phases:flag:.*)$/;

/**
 * Reads litestar-flags' Redis layout under `prefix` (SCAN, then MGET per batch): every flag, override,
 * scheduled change, time schedule and rollout phase document — flags missing from the `flags` set
 * too, and documents whose flag is gone (reported later as orphans).
 */
export async function readLitestarRedis(url: string, prefix: string): Promise<LitestarData> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 5000 });
  redis.on('error', () => {});
  const data = emptyData();
  try {
    await redis.connect();
    const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      const documents = keys.filter((key) => {
        const suffix = key.slice(prefix.length);
        if (INDEX_KEY.test(suffix)) return false;
        if (KINDS.some(([start]) => suffix.startsWith(start))) return true;
        data.unmappable.push({ source: key, message: 'a key litestar-flags does not write under this prefix' });
        return false;
      });
      if (documents.length === 0) continue;
      const values = await redis.mget(...documents);
      documents.forEach((key, i) => {
        const text = values[i];
        if (text === null || text === undefined) return;
        const suffix = key.slice(prefix.length);
        const kind = KINDS.find(([start]) => suffix.startsWith(start))?.[1];
        let row: Row;
        try {
          // Python's json.dumps writes NaN/Infinity bare; they are not JSON and no model holds them.
          row = JSON.parse(text) as Row;
        } catch {
          data.unmappable.push({ source: key, message: 'the document is not JSON' });
          return;
        }
        if (kind === 'flags') data.flags.push({ row, source: key, withRulesAndVariants: true });
        else if (kind) data[kind].push({ row, source: key });
      });
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return data;
}
