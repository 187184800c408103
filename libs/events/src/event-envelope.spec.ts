import { EVENT_ID_PATTERN, eventBodyText, newEventIds, toJsonObject, toJsonText } from './event-envelope';

describe('event envelope', () => {
  it('builds the stored body key for key as JSON.stringify of the envelope, the resource serialized once', () => {
    const resource = { object: 'invoice', id: 'in_1', total: 11_858n, issuedAt: new Date('2026-11-15T00:00:00Z'), metadata: { po: 'PO "7"', note: null }, lines: [{ amount: -50n }] };
    const head = { id: 'evt_0123456789abcdef01234567', object: 'event', type: 'invoice.created', created: 1_795_000_000, livemode: true } as const;

    const body = eventBodyText(head, toJsonText(resource));
    expect(body).toBe(JSON.stringify({ ...head, data: { object: toJsonObject(resource) } }));
    expect(JSON.parse(body).data.object).toEqual({ object: 'invoice', id: 'in_1', total: 11_858, issuedAt: '2026-11-15T00:00:00.000Z', metadata: { po: 'PO "7"', note: null }, lines: [{ amount: -50 }] });
  });

  it('draws distinct, well-formed ids for a batch', () => {
    const ids = newEventIds(1_000);
    expect(new Set(ids).size).toBe(1_000);
    for (const id of ids) expect(id).toMatch(EVENT_ID_PATTERN);
  });
});
