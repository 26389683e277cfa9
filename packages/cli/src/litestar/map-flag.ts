import type { Condition, FlagType, JsonValue } from '@flags/core';
import { OPERATORS } from '@flags/core';
import type { LitestarReport } from './report.js';
import { boolValue, dateValue, enumValue, jsonValue, uuidValue } from './values.js';

type Row = Record<string, unknown>;

const OPERATOR_SET = new Set<string>(OPERATORS);

/**
 * litestar conditions in @flags form: a missing operator means `eq`; a condition with a null attribute
 * or an unknown operator always matches in litestar, so it is left out (which matches the same), and
 * reported.
 */
export function mapConditions(value: unknown, source: string, report: LitestarReport): Condition[] {
  const list = jsonValue(value);
  if (!Array.isArray(list)) return [];
  const conditions: Condition[] = [];
  for (const item of list) {
    const raw = (item ?? {}) as Row;
    const operator = typeof raw.operator === 'string' ? raw.operator : 'eq';
    if (typeof raw.attribute !== 'string' || raw.attribute === '') {
      report.add(source, 'changed', 'a condition without attribute (always true in litestar) was left out');
      continue;
    }
    if (!OPERATOR_SET.has(operator)) {
      report.add(
        source,
        'changed',
        `a condition with unknown operator "${operator}" (always true in litestar) was left out`,
      );
      continue;
    }
    conditions.push({
      attribute: raw.attribute,
      operator: operator as Condition['operator'],
      value: (raw.value ?? null) as JsonValue,
    });
  }
  return conditions;
}

/** A litestar variant list weighted so each bucket lands where litestar puts it (weights sum to 100). */
function normaliseWeights(variants: { key: string; weight: number }[], source: string, report: LitestarReport): void {
  const total = variants.reduce((sum, v) => sum + v.weight, 0);
  if (total === 100 || variants.length === 0) return;
  // litestar walks variants by key and falls back to the last one: buckets past the total go to the
  // last variant, and variants past 100 are never reached. These weights give the same buckets.
  const sorted = [...variants].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  let running = 0;
  for (const variant of sorted) {
    variant.weight = Math.max(0, Math.min(variant.weight, 100 - running));
    running += variant.weight;
  }
  const last = sorted[sorted.length - 1];
  if (last && running < 100) last.weight += 100 - running;
  report.add(
    source,
    'changed',
    `variant weights summed to ${total}; set to sum to 100 with every bucket on the variant litestar picks`,
  );
}

/** A litestar flag document (Redis JSON, a bootstrap entry, or SQL rows joined) as an @flags flag record, or null when it cannot be. */
export function mapFlag(raw: Row, source: string, report: LitestarReport, withRulesAndVariants = true): Row | null {
  const id = uuidValue(raw.id);
  const key = typeof raw.key === 'string' ? raw.key : null;
  if (id === null || key === null) {
    report.add(
      source,
      'skipped',
      `flag without a valid ${id === null ? 'id' : 'key'} (${JSON.stringify(raw.id ?? raw.key)})`,
    );
    return null;
  }
  const flagType = (enumValue(raw.flag_type) ?? 'boolean') as FlagType;
  const status = enumValue(raw.status) ?? 'active';
  const defaultEnabled = boolValue(raw.default_enabled, false);
  const defaultValue = (jsonValue(raw.default_value) ?? null) as JsonValue;
  if (status !== 'active' && flagType === 'boolean' && defaultEnabled) {
    report.add(
      source,
      'review',
      `flag "${key}" is ${status} with default_enabled true: litestar serves true; @flags serves false for a disabled flag`,
    );
  }
  const rules: Row[] = [];
  const rawRules = withRulesAndVariants && Array.isArray(raw.rules) ? (raw.rules as Row[]) : [];
  for (const [position, rule] of rawRules.entries()) {
    const ruleSource = `${source} rules[${position}]`;
    const serveValue = jsonValue(rule.serve_value) as JsonValue;
    const serveEnabled = boolValue(rule.serve_enabled, true);
    if (flagType !== 'boolean' && serveValue === null) {
      report.add(
        ruleSource,
        'skipped',
        `rule "${String(rule.name)}" of ${flagType} flag "${key}" has serve_value null, so litestar serves serve_enabled (${serveEnabled}); a ${flagType} flag cannot serve a boolean here`,
      );
      continue;
    }
    const rollout = rule.rollout_percentage;
    rules.push({
      id: uuidValue(rule.id) ?? undefined,
      name: typeof rule.name === 'string' && rule.name !== '' ? rule.name : `rule-${position + 1}`,
      description: typeof rule.description === 'string' ? rule.description : null,
      priority: typeof rule.priority === 'number' ? rule.priority : 0,
      enabled: boolValue(rule.enabled, true),
      conditions: mapConditions(rule.conditions, ruleSource, report),
      serveEnabled,
      serveValue: flagType === 'boolean' ? null : serveValue,
      rolloutPercentage: typeof rollout === 'number' ? rollout : null,
    });
  }
  const rawVariants = withRulesAndVariants && Array.isArray(raw.variants) ? (raw.variants as Row[]) : [];
  const variants = rawVariants.map((variant) => ({
    id: uuidValue(variant.id) ?? undefined,
    key: String(variant.key),
    name: typeof variant.name === 'string' && variant.name !== '' ? variant.name : String(variant.key),
    description: typeof variant.description === 'string' ? variant.description : null,
    value: (jsonValue(variant.value) ?? {}) as JsonValue,
    weight: typeof variant.weight === 'number' ? variant.weight : 0,
  }));
  normaliseWeights(variants, source, report);
  if (variants.length > 0 && (flagType === 'string' || flagType === 'number')) {
    report.add(
      source,
      'review',
      `variants of ${flagType} flag "${key}": litestar serves the whole value object; @flags serves its "value" field (else the default)`,
    );
  }
  const created = dateValue(raw.created_at);
  const updated = dateValue(raw.updated_at);
  return {
    id,
    key,
    name: typeof raw.name === 'string' && raw.name !== '' ? raw.name : key,
    description: typeof raw.description === 'string' ? raw.description : null,
    flagType,
    status,
    defaultEnabled,
    defaultValue: flagType === 'boolean' ? null : defaultValue,
    tags: Array.isArray(jsonValue(raw.tags)) ? jsonValue(raw.tags) : [],
    metadata: (() => {
      const metadata = jsonValue(raw.metadata);
      return typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata) ? metadata : {};
    })(),
    rules,
    variants,
    ...(created ? { createdAt: created.toISOString() } : {}),
    ...(updated ? { updatedAt: updated.toISOString() } : {}),
  };
}
