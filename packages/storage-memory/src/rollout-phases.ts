import type { RolloutPhase, RolloutPhaseInput } from '@flags/core';
import { ConflictError, copyRolloutPhase, createRolloutPhase } from '@flags/core';
import { journal } from './journal.js';
import { compareDates, compareText, copyAll, copyDate, PACKAGE } from './support.js';
import { type MemoryTables, requireFlagId } from './tables.js';

const MODEL = 'rollout phase';

export function getRolloutPhases(tables: MemoryTables, flagId: string): RolloutPhase[] {
  const ids = tables.phaseIdsByFlag.get(flagId);
  if (!ids) return [];
  const phases = [...ids.values()].map((id) => tables.rolloutPhases.get(id)!);
  return copyAll(
    phases.sort((a, b) => a.phaseNumber - b.phaseNumber),
    copyRolloutPhase,
  );
}

export function getPendingRolloutPhases(tables: MemoryTables): RolloutPhase[] {
  const pending = [...tables.rolloutPhases.values()].filter((phase) => !phase.executed);
  pending.sort(
    (a, b) => compareDates(a.scheduledAt, b.scheduledAt) || a.phaseNumber - b.phaseNumber || compareText(a.id, b.id),
  );
  return copyAll(pending, copyRolloutPhase);
}

export function insertRolloutPhase(tables: MemoryTables, input: RolloutPhaseInput, now: Date): RolloutPhase {
  const phase = createRolloutPhase(input);
  requireFlagId(tables, phase.flagId);
  if (tables.rolloutPhases.has(phase.id)) throw new ConflictError(`${PACKAGE} ${MODEL} id "${phase.id}" is taken`);
  const numbers = tables.phaseIdsByFlag.get(phase.flagId) ?? new Map<number, string>();
  if (numbers.has(phase.phaseNumber)) {
    throw new ConflictError(`${PACKAGE} flag "${phase.flagId}" already has ${MODEL} ${phase.phaseNumber}`);
  }
  const stored: RolloutPhase = { ...phase, createdAt: now, updatedAt: copyDate(now) };
  tables.rolloutPhases.set(stored.id, stored);
  numbers.set(stored.phaseNumber, stored.id);
  tables.phaseIdsByFlag.set(stored.flagId, numbers);
  journal(tables, 'rollout-phase', 'upsert', stored);
  return copyRolloutPhase(stored);
}

export function removeRolloutPhase(tables: MemoryTables, id: string): boolean {
  const current = tables.rolloutPhases.get(id);
  if (!current) return false;
  tables.rolloutPhases.delete(id);
  journal(tables, 'rollout-phase', 'delete', current);
  const numbers = tables.phaseIdsByFlag.get(current.flagId);
  numbers?.delete(current.phaseNumber);
  if (numbers?.size === 0) tables.phaseIdsByFlag.delete(current.flagId);
  return true;
}
