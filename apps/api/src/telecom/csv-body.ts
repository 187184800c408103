import type { FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { AppError } from '@nova/common';

/**
 * The CSV of an upload: a text/csv body (parsed to a string by the adapter, see bootstrap.ts) or
 * the first file of a multipart/form-data body, streamed.
 */
export async function csvUpload(request: FastifyRequest): Promise<string | Readable> {
  if (request.isMultipart()) {
    const file = await request.file();
    if (!file) throw AppError.validation('file', 'the multipart body has no file');
    return file.file;
  }
  if (typeof request.body === 'string' || Buffer.isBuffer(request.body)) return request.body.toString();
  throw AppError.validation('body', 'send the CSV as text/csv or as a multipart/form-data file');
}

/** The whole CSV as text, for uploads that are parsed in one go. */
export async function csvText(request: FastifyRequest): Promise<string> {
  const upload = await csvUpload(request);
  if (typeof upload === 'string') return upload;
  const chunks: Buffer[] = [];
  for await (const chunk of upload) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
