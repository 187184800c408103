// Worker thread of prepareDeckInWorker: receives the deck's bytes (null ends them), answers once.
import { Readable } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import { type DeckWorkerData, type DeckWorkerMessage, prepareDeck } from './deck-preparation';

const { settings, maxLines } = workerData as DeckWorkerData;
const port = parentPort!;
const bytes = new Readable({ read() {} });
port.on('message', (chunk: Uint8Array | null) => bytes.push(chunk === null ? null : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)));

prepareDeck(bytes, settings, maxLines).then(
  (done) => port.postMessage({ done } satisfies DeckWorkerMessage),
  (error: Error) => port.postMessage({ failed: error.stack ?? String(error) } satisfies DeckWorkerMessage),
);
