import { Readable } from 'node:stream';

// Stripe's `livemode`: every JSON resource the API answers with says which of the tenant's two
// databases it came from. Added here, once, to what a handler returns (the resource, or a list's
// envelope and each object in its `data`), so no DTO has to carry it.

/** A body that is serialized as a JSON object of its own fields (not a file, a stream or a value with its own toJSON). */
function isJsonObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  if (Buffer.isBuffer(value) || value instanceof Uint8Array || value instanceof Readable || value instanceof Date) return false;
  return typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}

function marked(value: unknown, livemode: boolean): unknown {
  return isJsonObject(value) ? { ...value, livemode } : value;
}

/** The body with `livemode` on the resource, or on a list and each object in its `data` (a bare array: on each object). */
export function withLivemode(body: unknown, livemode: boolean): unknown {
  if (Array.isArray(body)) return body.map((item) => marked(item, livemode));
  if (!isJsonObject(body)) return body;
  const data = body.data;
  return { ...body, ...(Array.isArray(data) ? { data: data.map((item) => marked(item, livemode)) } : {}), livemode };
}
