import { type FeatureFlag, LiveFlagClient } from '@flags/core';
import type { LiveTarget } from './backends.js';
import { quantile, sleep } from './counting.js';

/** Writes timed per backend. */
export const PROPAGATION_WRITES = 50;

export interface Propagation {
  /** From just before `updateFlag` was called on A. */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** From `updateFlag` resolving on A (the write committed and acknowledged). */
  afterCommitP50Ms: number;
  afterCommitP99Ms: number;
  writes: number;
}

/**
 * A write through instance A, timed until instance B's live client serves it: from just before
 * `updateFlag` (and from its acknowledgement) to the change listener that sees the new value. Writes are spaced by a random
 * 10–60 ms so they do not fall in step with the polling.
 */
export async function measurePropagation(target: LiveTarget): Promise<Propagation> {
  const a = await target.open();
  const b = await target.open();
  const key = `propagation-${Date.now().toString(36)}`;
  let flag: FeatureFlag = await a.createFlag({ key, flagType: 'string', defaultValue: 'v0' });
  const client = new LiveFlagClient({ storage: b });
  try {
    await client.ready();
    const samples: number[] = [];
    const afterCommit: number[] = [];
    for (let i = 1; i <= PROPAGATION_WRITES; i++) {
      const want = `v${i}`;
      let stop = () => {};
      const seen = new Promise<number>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`[@flags/bench] ${target.name}: write ${i} not seen in 10 s`)),
          10_000,
        );
        const off = client.onChange(() => {
          if (client.getStringValueSync(key, '') !== want) return;
          resolve(performance.now());
        });
        stop = () => {
          clearTimeout(timer);
          off();
        };
      });
      const started = performance.now();
      flag = await a.updateFlag({ ...flag, defaultValue: want });
      const committed = performance.now();
      try {
        const served = await seen;
        samples.push(served - started);
        afterCommit.push(Math.max(0, served - committed));
      } finally {
        stop();
      }
      await sleep(10 + Math.random() * 50);
    }
    return {
      p50Ms: quantile(samples, 0.5),
      p99Ms: quantile(samples, 0.99),
      maxMs: Math.max(...samples),
      afterCommitP50Ms: quantile(afterCommit, 0.5),
      afterCommitP99Ms: quantile(afterCommit, 0.99),
      writes: samples.length,
    };
  } finally {
    await client.close();
    await a.close();
  }
}
