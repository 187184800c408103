import { decodeCursor, encodeCursor, keysetSql, resolveWindow, toPage } from './keyset';

const row = (minute: number) => ({ id: `00000000-0000-4000-8000-00000000000${minute}`, createdAt: new Date(Date.UTC(2026, 0, 1, 0, minute)) });
const none = async () => undefined;

describe('keyset pages', () => {
  it('a forward page says hasMore and gives the last row as nextCursor', () => {
    const page = toPage([row(5), row(4), row(3)], 2);
    expect(page).toMatchObject({ data: [row(5), row(4)], hasMore: true });
    expect(decodeCursor(page.nextCursor!)).toEqual(row(4));
    expect(toPage([row(2)], 2)).toEqual({ data: [row(2)], nextCursor: null, hasMore: false });
  });

  it('a backwards page is returned newest first; hasMore says newer rows remain', () => {
    const page = toPage([row(3), row(4), row(5)], 2, undefined, { backwards: true });
    expect(page.data).toEqual([row(4), row(3)]);
    expect(page.hasMore).toBe(true);
    expect(page.nextCursor).toBe(encodeCursor(row(3)));
  });

  it('cursor, startingAfter and endingBefore are mutually exclusive, naming the second', async () => {
    await expect(resolveWindow({ limit: 1, cursor: 'c', startingAfter: row(1).id }, none)).rejects.toMatchObject({ details: { fields: [{ field: 'starting_after' }] } });
    await expect(resolveWindow({ limit: 1, cursor: 'c', endingBefore: row(1).id }, none)).rejects.toMatchObject({ details: { fields: [{ field: 'ending_before' }] } });
    await expect(resolveWindow({ limit: 1, startingAfter: row(1).id, endingBefore: row(1).id }, none)).rejects.toMatchObject({ details: { fields: [{ field: 'ending_before' }] } });
  });

  it('resolves an id through one lookup, refusing unknown and malformed ids', async () => {
    const lookup = jest.fn(async () => row(3));
    expect(await resolveWindow({ limit: 2, endingBefore: row(3).id }, lookup)).toEqual({ before: row(3), backwards: true, fetch: 3, createdGte: undefined, createdLt: undefined });
    expect(lookup).toHaveBeenCalledTimes(1);
    await expect(resolveWindow({ limit: 2, startingAfter: row(3).id }, none)).rejects.toMatchObject({ details: { fields: [{ field: 'starting_after' }] } });
    await expect(resolveWindow({ limit: 2, startingAfter: "x' OR 1=1" }, lookup)).rejects.toMatchObject({ details: { fields: [{ field: 'starting_after' }] } });
    expect(lookup).toHaveBeenCalledTimes(1);
  });

  it('the SQL text is the same whatever bounds are set; only the order differs backwards', async () => {
    const forward = keysetSql(await resolveWindow({ limit: 2 }, none), 3);
    const bounded = keysetSql(await resolveWindow({ limit: 2, createdGte: new Date(0) }, none), 3);
    expect(bounded.where).toBe(forward.where);
    expect(forward.order).toBe('created_at DESC, id DESC');
    expect(forward.where).toContain('$3::timestamptz');
    expect(forward.values).toHaveLength(6);
    const backwards = keysetSql(await resolveWindow({ limit: 2, endingBefore: row(1).id }, async () => row(1)), 1);
    expect(backwards).toMatchObject({ order: 'created_at ASC, id ASC', name: '-backwards' });
  });
});
