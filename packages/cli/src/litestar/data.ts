type Row = Record<string, unknown>;

/** litestar-flags records as read from one of its stores (snake_case, its own spellings), with where each came from. */
export interface LitestarData {
  flags: { row: Row; source: string; withRulesAndVariants: boolean }[];
  segments: { row: Row; source: string }[];
  overrides: { row: Row; source: string }[];
  scheduledChanges: { row: Row; source: string }[];
  timeSchedules: { row: Row; source: string }[];
  rolloutPhases: { row: Row; source: string }[];
  /** Records no @flags model holds (environments), with why. */
  unmappable: { source: string; message: string }[];
}

export function emptyData(): LitestarData {
  return {
    flags: [],
    segments: [],
    overrides: [],
    scheduledChanges: [],
    timeSchedules: [],
    rolloutPhases: [],
    unmappable: [],
  };
}
