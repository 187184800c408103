// Extracts the text of the PDF on stdin and prints it as JSON: { pages, items }.
// It runs as a plain Node process because unpdf loads its ESM-only PDF.js bundle with a
// dynamic import(), which Jest's CommonJS module sandbox refuses.
import { extractText, extractTextItems, getDocumentProxy } from 'unpdf';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const bytes = Buffer.concat(chunks);

// pdf.js takes ownership of (detaches) the array it is given, so each call gets its own copy.
const { text: pages } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: false });
const { items } = await extractTextItems(await getDocumentProxy(new Uint8Array(bytes)));
process.stdout.write(JSON.stringify({ pages, items }));
