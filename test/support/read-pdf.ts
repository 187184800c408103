import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { StructuredTextItem } from 'unpdf';
import type request from 'supertest';

export interface ReadPdf {
  /** Text of each page, as a PDF reader extracts it. */
  pages: string[];
  /** All pages' text joined by newlines. */
  text: string;
  /** Positioned text runs per page (PDF coordinates, origin bottom-left) for layout checks. */
  items: StructuredTextItem[][];
}

const WORKER = join(__dirname, 'read-pdf.worker.mjs');

/** Reads a PDF back with unpdf (PDF.js), in a child process: see read-pdf.worker.mjs for why. */
export function readPdf(pdf: Buffer): Promise<ReadPdf> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, [WORKER], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`PDF text extraction failed: ${stderr || error.message}`));
      const { pages, items } = JSON.parse(stdout) as Pick<ReadPdf, 'pages' | 'items'>;
      resolve({ pages, text: pages.join('\n'), items });
    });
    child.stdin!.end(pdf);
  });
}

/** Sends a request for a PDF, checks it answered 200 with a PDF, and reads the document's text back. */
export async function downloadPdfText(pdfRequest: request.Test): Promise<string> {
  const response = await pdfRequest
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    })
    .expect(200)
    .expect('content-type', 'application/pdf');
  return (await readPdf(response.body as Buffer)).text;
}
