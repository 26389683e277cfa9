import type { Segment, SegmentInput } from '@flags/core';
import { ConflictError, createSegment, encodeModel, NotFoundError } from '@flags/core';
import { PACKAGE } from '../errors.js';
import { compareText } from './compare.js';
import type { StoreContext } from './context.js';
import type { Transaction } from './transaction.js';

function byName(a: Segment, b: Segment): number {
  return compareText(a.name, b.name) || compareText(a.id, b.id);
}

function nameTaken(name: string): () => Error {
  return () => new ConflictError(`${PACKAGE} segment name "${name}" is taken`);
}

function noSegment(id: string): Error {
  return new NotFoundError(`${PACKAGE} no segment has id "${id}" (parentSegmentId)`);
}

// A segment may name itself as parent on update: a cycle is stored as is and simply never matches.
function requireParent(ctx: StoreContext, tx: Transaction, segment: Segment): void {
  const parentId = segment.parentSegmentId;
  if (parentId !== null && parentId !== segment.id) tx.exists(ctx.keys.segment(parentId), () => noSegment(parentId));
}

function decodeAll(ctx: StoreContext, docs: readonly string[]): Segment[] {
  return docs.map((doc) => ctx.decode('segment', doc)).sort(byName);
}

export async function getSegment(ctx: StoreContext, id: string): Promise<Segment | null> {
  const raw = await ctx.get(ctx.keys.segment(id), 'reading a segment');
  return raw === null ? null : ctx.decode('segment', raw);
}

/** Through the hash `segment_names` (name → id), in one script call. */
export async function getSegmentByName(ctx: StoreContext, name: string): Promise<Segment | null> {
  const keys = ctx.keys;
  const [raw] = await ctx.collect(keys.segmentNames, 'hget', [keys.segmentPrefix], 'reading a segment', name);
  return raw === undefined ? null : ctx.decode('segment', raw);
}

export async function getAllSegments(ctx: StoreContext): Promise<Segment[]> {
  const keys = ctx.keys;
  return decodeAll(ctx, await ctx.collect(keys.segmentNames, 'hvals', [keys.segmentPrefix], 'reading segments'));
}

export async function getChildSegments(ctx: StoreContext, parentId: string): Promise<Segment[]> {
  const keys = ctx.keys;
  const docs = await ctx.collect(keys.segmentChildren(parentId), 'members', [keys.segmentPrefix], 'reading segments');
  return decodeAll(ctx, docs);
}

export async function insertSegment(ctx: StoreContext, input: SegmentInput): Promise<Segment> {
  const segment = createSegment(input);
  if (segment.parentSegmentId === segment.id) throw noSegment(segment.id);
  const keys = ctx.keys;
  const now = ctx.now();
  const doc = encodeModel({ ...segment, version: 1, createdAt: now, updatedAt: now });
  return ctx.atomically(`creating segment "${segment.name}"`, async () => {
    const tx = ctx
      .tx()
      .expectField(keys.segmentNames, segment.name, null, nameTaken(segment.name))
      .absent(keys.segment(segment.id), () => new ConflictError(`${PACKAGE} segment id "${segment.id}" is taken`));
    requireParent(ctx, tx, segment);
    tx.set(keys.segment(segment.id), doc)
      .hset(keys.segmentNames, segment.name, segment.id)
      .change('segment', segment.id, 'upsert', null);
    if (segment.parentSegmentId !== null) tx.sadd(keys.segmentChildren(segment.parentSegmentId), segment.id);
    return { tx, result: ctx.decode('segment', doc) };
  });
}

/** Versioned replace; the name index and the parents' child sets move with the segment, atomically. */
export async function replaceSegment(ctx: StoreContext, input: Segment | SegmentInput): Promise<Segment> {
  const segment = createSegment(input);
  const keys = ctx.keys;
  const action = `updating segment "${segment.name}"`;
  return ctx.atomically(action, async () => {
    const raw = await ctx.get(keys.segment(segment.id), action);
    if (raw === null) throw new NotFoundError(`${PACKAGE} no segment has id "${segment.id}"`);
    const current = ctx.decode('segment', raw);
    if (segment.version !== current.version) {
      throw new ConflictError(
        `${PACKAGE} segment "${current.name}" is at version ${current.version}, the update carried version ${segment.version}`,
      );
    }
    const doc = encodeModel({
      ...segment,
      version: current.version + 1,
      createdAt: current.createdAt,
      updatedAt: ctx.now(),
    });
    const tx = ctx.tx().expect(keys.segment(segment.id), raw);
    if (segment.name !== current.name) {
      tx.expectField(keys.segmentNames, segment.name, null, nameTaken(segment.name));
    }
    requireParent(ctx, tx, segment);
    tx.set(keys.segment(segment.id), doc).change('segment', segment.id, 'upsert', null);
    if (segment.name !== current.name) {
      tx.hdel(keys.segmentNames, current.name).hset(keys.segmentNames, segment.name, segment.id);
    }
    if (segment.parentSegmentId !== current.parentSegmentId) {
      if (current.parentSegmentId !== null) tx.srem(keys.segmentChildren(current.parentSegmentId), segment.id);
      if (segment.parentSegmentId !== null) tx.sadd(keys.segmentChildren(segment.parentSegmentId), segment.id);
    }
    return { tx, result: ctx.decode('segment', doc) };
  });
}

/**
 * Deletes the segment; its children lose their parent (`parentSegmentId` null, version and
 * `updatedAt` unchanged, as SQL's `ON DELETE SET NULL`), guarded by the child set being unchanged.
 */
export async function removeSegment(ctx: StoreContext, id: string): Promise<boolean> {
  const keys = ctx.keys;
  const action = `deleting segment "${id}"`;
  return ctx.atomically(action, async () => {
    const raw = await ctx.get(keys.segment(id), action);
    if (raw === null) return { result: false };
    const current = ctx.decode('segment', raw);
    const reply = await ctx.exec.send(['SMEMBERS', keys.segmentChildren(id)], action);
    const members = (Array.isArray(reply) ? reply : []).filter((m): m is string => typeof m === 'string');
    const childIds = members.filter((member) => member !== id);
    const childRaws = await ctx.mget(
      childIds.map((childId) => keys.segment(childId)),
      action,
    );
    const tx = ctx.tx().expect(keys.segment(id), raw).expectMembers(keys.segmentChildren(id), members);
    for (const childRaw of childRaws) {
      if (childRaw === null) continue;
      const child = ctx.decode('segment', childRaw);
      const orphan = encodeModel({ ...child, parentSegmentId: null });
      tx.expect(keys.segment(child.id), childRaw)
        .set(keys.segment(child.id), orphan)
        .change('segment', child.id, 'upsert', null);
    }
    tx.del(keys.segment(id))
      .hdel(keys.segmentNames, current.name)
      .del(keys.segmentChildren(id))
      .change('segment', id, 'delete', null);
    if (current.parentSegmentId !== null) tx.srem(keys.segmentChildren(current.parentSegmentId), id);
    return { tx, result: true };
  });
}
