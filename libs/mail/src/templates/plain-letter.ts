import { escapeHtml } from './escape-html';

/**
 * The body of a short e-mail without emphasis: a greeting, paragraphs and a signature, as plain
 * text (one paragraph per line) and as HTML (one <p> each, everything escaped).
 */
export function plainLetter(greeting: string, paragraphs: readonly string[], signature: string): { text: string; html: string } {
  const text = [greeting, '', ...paragraphs, '', signature, ''].join('\n');
  const html = `<!doctype html>
<html><body style="font-family:Helvetica,Arial,sans-serif;color:#1f2933">
${[greeting, ...paragraphs, signature].map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`).join('\n')}
</body></html>
`;
  return { text, html };
}
