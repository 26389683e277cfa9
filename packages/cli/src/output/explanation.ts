import type { EvaluationExplanation } from '@flags/core';

const mark = (ok: boolean) => (ok ? '✓' : '✗');
const show = (value: unknown) => (value === undefined ? '(missing)' : JSON.stringify(value));

/** The decision path as a screen of text, one step per line, the deciding step marked `→`. */
export function renderExplanation(key: string, e: EvaluationExplanation): string {
  const lines: string[] = [];
  const d = e.details;
  const variant = d.variant ? `, variant "${d.variant}"` : '';
  lines.push(`${key} = ${JSON.stringify(d.value)}  (${d.reason}${variant}${d.errorCode ? `, ${d.errorCode}` : ''})`);
  if (d.errorMessage) lines.push(`  error: ${d.errorMessage}`);
  if (e.status === null) return `${lines.join('\n')}\n`;
  const at = (step: EvaluationExplanation['decidedBy']) => (e.decidedBy === step ? '→' : ' ');

  lines.push(
    `${at('status')} status: ${e.status}${e.status === 'active' ? '' : ' (kill switch: serves the off value)'}`,
  );
  if (e.prerequisites.length === 0) lines.push(`${at('prerequisite')} prerequisites: none`);
  else lines.push(`${at('prerequisite')} prerequisites:`);
  for (const p of e.prerequisites) {
    const required = [
      p.required.variant === undefined ? null : `variant "${p.required.variant}"`,
      p.required.value === undefined ? null : `value ${JSON.stringify(p.required.value)}`,
    ].filter((part) => part !== null);
    const served = p.served
      ? `served ${JSON.stringify(p.served.value)} (${p.served.reason}${p.served.variant ? `, variant "${p.served.variant}"` : ''})`
      : 'not found';
    lines.push(
      `    ${mark(p.met)} ${p.flagKey}${required.length > 0 ? ` must serve ${required.join(' and ')}` : ''}: ${served}${p.problem ? ` — ${p.problem}` : ''}`,
    );
  }
  const probed =
    e.overrides.probed.map((p) => `${p.entityType}:${p.entityId}`).join(', ') || 'none (no ids in the context)';
  const matched = e.overrides.matched;
  lines.push(
    `${at('override')} overrides probed: ${probed}${matched ? ` — found ${matched.entityType}:${matched.entityId} (enabled ${matched.enabled}, value ${JSON.stringify(matched.value)})` : ' — none found'}`,
  );
  if (e.schedules.length === 0) lines.push(`${at('schedule')} time schedules: none`);
  else {
    lines.push(`${at('schedule')} time schedules: ${e.scheduleGate ? 'open' : 'closed (serves the off value)'}`);
    for (const s of e.schedules) {
      lines.push(
        `    ${s.enabled ? (s.active === null ? '?' : mark(s.active)) : '-'} ${s.name}${s.enabled ? '' : ' (disabled)'}`,
      );
    }
  }
  if (e.rules.length === 0) lines.push(`${at('rule')} rules: none`);
  else lines.push(`${at('rule')} rules (in evaluation order):`);
  for (const rule of e.rules) {
    const head = rule.selected ? '→' : ' ';
    const state = !rule.enabled
      ? 'disabled, skipped'
      : rule.selected
        ? 'served'
        : rule.conditionsPassed
          ? 'conditions hold'
          : 'no match';
    lines.push(`  ${head} [${rule.priority}] ${rule.name}: ${state}`);
    if (rule.conditions.length === 0) lines.push('      (no conditions: matches everyone)');
    for (const c of rule.conditions) {
      lines.push(
        `      ${mark(c.passed)} ${c.attribute} ${c.operator} ${show(c.expected)}  (context: ${show(c.actual)})`,
      );
    }
    if (rule.rollout) {
      const r = rule.rollout;
      lines.push(
        r.bucket === null
          ? `      ✗ rollout ${r.percentage}% by ${r.bucketBy}: the context has no such value, so never in the rollout`
          : `      ${mark(r.inRollout)} rollout by ${r.bucketBy} (${JSON.stringify(r.bucketValue)}): bucket ${r.bucket} ${r.inRollout ? '≤' : '>'} ${r.percentage}%`,
      );
    }
  }
  if (e.variant) {
    const value = e.variant.bucketValue === null ? 'no value, so ""' : JSON.stringify(e.variant.bucketValue);
    lines.push(
      `${at('variant')} variant split by ${e.variant.bucketBy} (${value}): bucket ${e.variant.bucket} → "${e.variant.key}"`,
    );
  } else lines.push(`${at('variant')} variants: none`);
  lines.push(`${at('default')} default: served when nothing above decides`);
  return `${lines.join('\n')}\n`;
}
