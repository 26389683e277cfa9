import { isWordUnit, type PatternNode, UnsupportedPatternError } from './syntax.js';

/** One instruction of a Thompson NFA: consume a unit, fork, jump, check a position, or accept. */
type Instruction =
  | { op: 'unit'; matches: (unit: number) => boolean }
  | { op: 'fork'; first: number; second: number }
  | { op: 'jump'; to: number }
  | { op: 'assert'; kind: 'start' | 'end' | 'boundary' | 'not-boundary' }
  | { op: 'accept' };

/** Most instructions one pattern may compile to (counted repeats multiply): bounds the time per input unit. */
export const PROGRAM_LIMIT = 1_000;

/** Compiles a syntax tree into instructions; the program starts at 0 and accepts at its last instruction. */
export function compileProgram(tree: PatternNode): Instruction[] {
  const program: Instruction[] = [];
  const emit = (instruction: Instruction): number => {
    if (program.length >= PROGRAM_LIMIT) {
      throw new UnsupportedPatternError(`the pattern compiles to more than ${PROGRAM_LIMIT} steps`);
    }
    program.push(instruction);
    return program.length - 1;
  };
  const patch = (at: number, instruction: Instruction) => {
    program[at] = instruction;
  };

  const node = (n: PatternNode): void => {
    switch (n.type) {
      case 'unit':
        emit({ op: 'unit', matches: n.matches });
        return;
      case 'assert':
        emit({ op: 'assert', kind: n.kind });
        return;
      case 'sequence':
        for (const item of n.items) node(item);
        return;
      case 'choice': {
        const exits: number[] = [];
        n.options.forEach((option, index) => {
          const last = index === n.options.length - 1;
          const fork = last ? -1 : emit({ op: 'jump', to: -1 });
          node(option);
          if (!last) {
            exits.push(emit({ op: 'jump', to: -1 }));
            patch(fork, { op: 'fork', first: fork + 1, second: program.length });
          }
        });
        for (const exit of exits) patch(exit, { op: 'jump', to: program.length });
        return;
      }
      case 'repeat': {
        for (let i = 0; i < n.min; i++) node(n.item);
        if (n.max === Number.POSITIVE_INFINITY) {
          const fork = emit({ op: 'jump', to: -1 });
          node(n.item);
          emit({ op: 'jump', to: fork });
          patch(fork, { op: 'fork', first: fork + 1, second: program.length });
          return;
        }
        const forks: number[] = [];
        for (let i = n.min; i < n.max; i++) {
          forks.push(emit({ op: 'jump', to: -1 }));
          node(n.item);
        }
        for (const fork of forks) patch(fork, { op: 'fork', first: fork + 1, second: program.length });
        return;
      }
    }
  };
  node(tree);
  emit({ op: 'accept' });
  return program;
}

function holds(kind: 'start' | 'end' | 'boundary' | 'not-boundary', input: string, at: number): boolean {
  if (kind === 'start') return at === 0;
  if (kind === 'end') return at === input.length;
  const before = at > 0 && isWordUnit(input.charCodeAt(at - 1));
  const after = at < input.length && isWordUnit(input.charCodeAt(at));
  return (before !== after) === (kind === 'boundary');
}

/**
 * Whether `program` matches anywhere in `input` (an unanchored test), simulating every NFA thread
 * in lock step (Pike's VM): time O(input length × program length) whatever the pattern, no
 * backtracking. `seen` and the two thread lists are scratch space sized to the program.
 */
export function runProgram(program: readonly Instruction[], input: string): boolean {
  const size = program.length;
  let current = new Int32Array(size);
  let next = new Int32Array(size);
  const seen = new Uint32Array(size);
  const stack = new Int32Array(size + 1);
  let generation = 0;

  /** Adds the threads reachable from `start` without consuming input at position `at`; true on accept. */
  const follow = (start: number, at: number, into: Int32Array, count: number): number => {
    let top = 0;
    // Each instruction enters the stack at most once per position, so it never holds more than `size`.
    const push = (pc: number) => {
      if (seen[pc] === generation) return;
      seen[pc] = generation;
      stack[top++] = pc;
    };
    push(start);
    while (top > 0) {
      const pc = stack[--top]!;
      const instruction = program[pc]!;
      switch (instruction.op) {
        case 'jump':
          push(instruction.to);
          break;
        case 'fork':
          push(instruction.second);
          push(instruction.first);
          break;
        case 'assert':
          if (holds(instruction.kind, input, at)) push(pc + 1);
          break;
        case 'accept':
          return -1;
        case 'unit':
          into[count++] = pc;
          break;
      }
    }
    return count;
  };

  generation++;
  let count = follow(0, 0, current, 0);
  for (let at = 0; count >= 0; at++) {
    if (at >= input.length) return false;
    const code = input.charCodeAt(at);
    generation++;
    let nextCount = 0;
    for (let i = 0; i < count && nextCount >= 0; i++) {
      const pc = current[i]!;
      if ((program[pc] as { matches: (unit: number) => boolean }).matches(code)) {
        nextCount = follow(pc + 1, at + 1, next, nextCount);
      }
    }
    // Unanchored: a new thread starts at every position.
    if (nextCount >= 0) nextCount = follow(0, at + 1, next, nextCount);
    [current, next] = [next, current];
    count = nextCount;
  }
  return true;
}
