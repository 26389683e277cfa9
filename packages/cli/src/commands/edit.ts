import { type FeatureFlag, generateId, type JsonValue, NotFoundError, type StorageBackend } from '@flags/core';
import { printJson, println } from '../io.js';
import type { Runtime } from '../runtime.js';
import { UsageError } from '../usage-error.js';

async function flagOf(store: StorageBackend, key: string): Promise<FeatureFlag> {
  const flag = await store.getFlag(key);
  if (flag === null) throw new NotFoundError(`[@flags/cli] no flag "${key}"`);
  return flag;
}

function report(runtime: Runtime, flag: FeatureFlag, what: string): void {
  if (runtime.json) printJson(runtime.io, flag);
  else println(runtime.io, `${flag.key}: ${what} (version ${flag.version})`);
}

/**
 * `flags enable|disable KEY`: sets the status (a kill switch: a disabled flag serves its off value).
 * The write carries the version just read, so a concurrent edit fails instead of being lost.
 */
export async function setStatusCommand(runtime: Runtime, key: string, enabled: boolean): Promise<void> {
  const store = await runtime.open();
  const flag = await flagOf(store, key);
  const status = enabled ? 'active' : 'inactive';
  const updated = flag.status === status ? flag : await store.updateFlag({ ...flag, status });
  report(runtime, updated, `status ${status}`);
}

function parsePercent(text: string): number {
  const percent = Number(text);
  if (!/^\d{1,3}$/.test(text) || percent > 100)
    throw new UsageError(`PERCENT must be an integer from 0 to 100, got "${text}"`);
  return percent;
}

/**
 * `flags rollout KEY PERCENT [--rule NAME]`: sets the rollout percentage of every rule (or of the named
 * one). A boolean flag without rules gets one rule, `rollout`, matching everyone and serving `true`.
 */
export async function rolloutCommand(
  runtime: Runtime,
  key: string,
  percentText: string,
  options: { rule?: string },
): Promise<void> {
  const percent = parsePercent(percentText);
  const store = await runtime.open();
  const flag = await flagOf(store, key);
  let rules = flag.rules;
  if (options.rule !== undefined) {
    if (!rules.some((rule) => rule.name === options.rule)) {
      throw new NotFoundError(
        `[@flags/cli] flag "${key}" has no rule "${options.rule}"; rules: ${rules.map((r) => r.name).join(', ') || 'none'}`,
      );
    }
    rules = rules.map((rule) => (rule.name === options.rule ? { ...rule, rolloutPercentage: percent } : rule));
  } else if (rules.length > 0) {
    rules = rules.map((rule) => ({ ...rule, rolloutPercentage: percent }));
  } else if (flag.flagType === 'boolean') {
    rules = [
      {
        id: generateId(),
        name: 'rollout',
        description: null,
        priority: 0,
        enabled: true,
        conditions: [],
        serveEnabled: true,
        serveValue: null,
        rolloutPercentage: percent,
      },
    ];
  } else {
    throw new UsageError(`flag "${key}" has no rules to roll out; add a rule serving the new value first`);
  }
  const updated = await store.updateFlag({ ...flag, rules });
  report(runtime, updated, `rollout ${percent}%${options.rule ? ` on rule "${options.rule}"` : ''}`);
}

function parseJsonOption(name: string, text: string | undefined): JsonValue | undefined {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as JsonValue;
  } catch (error) {
    throw new UsageError(`${name} is not JSON: ${(error as Error).message}`);
  }
}

/** `flags override set KEY TYPE ID`: serves this entity a fixed answer. */
export async function overrideSetCommand(
  runtime: Runtime,
  key: string,
  entityType: string,
  entityId: string,
  options: { enabled?: string; value?: string; expires?: string },
): Promise<void> {
  const enabled =
    options.enabled === undefined
      ? true
      : options.enabled === 'true'
        ? true
        : options.enabled === 'false'
          ? false
          : null;
  if (enabled === null) throw new UsageError(`--enabled must be true or false, got "${options.enabled}"`);
  const value = parseJsonOption('--value', options.value);
  const expiresAt = options.expires === undefined ? null : new Date(options.expires);
  if (expiresAt !== null && Number.isNaN(expiresAt.getTime()))
    throw new UsageError(`--expires is not a date: "${options.expires}"`);
  const store = await runtime.open();
  const flag = await flagOf(store, key);
  const override = await store.upsertOverride({
    flagId: flag.id,
    entityType,
    entityId,
    enabled,
    value: value ?? null,
    expiresAt,
  });
  if (runtime.json) printJson(runtime.io, override);
  else println(runtime.io, `${key}: override for ${entityType} "${entityId}" set`);
}

/** `flags override rm KEY TYPE ID`. Removing an override that is not there is a failure (exit 1). */
export async function overrideRemoveCommand(
  runtime: Runtime,
  key: string,
  entityType: string,
  entityId: string,
): Promise<void> {
  const store = await runtime.open();
  const flag = await flagOf(store, key);
  const removed = await store.deleteOverride(flag.id, entityType, entityId);
  if (!removed) throw new NotFoundError(`[@flags/cli] flag "${key}" has no override for ${entityType} "${entityId}"`);
  if (runtime.json) printJson(runtime.io, { removed: true });
  else println(runtime.io, `${key}: override for ${entityType} "${entityId}" removed`);
}

/** `flags migrate`: creates or upgrades the SQL tables (Redis needs none). */
export async function migrateCommand(runtime: Runtime): Promise<void> {
  const url = runtime.url();
  const { storeKind } = await import('../storage/connect.js');
  if (storeKind(url) !== 'sql') {
    println(runtime.io, 'nothing to migrate: only SQL stores have tables');
    return;
  }
  const store = await runtime.open(url, { createTables: true });
  const healthy = await store.healthCheck();
  if (!healthy) throw new Error('[@flags/cli] the tables were created but the store does not answer its health check');
  if (runtime.json) printJson(runtime.io, { migrated: true });
  else println(runtime.io, 'tables are up to date');
}
