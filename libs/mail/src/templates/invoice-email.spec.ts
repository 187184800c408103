import { escapeHtml } from './escape-html';
import { invoiceEmail } from './invoice-email';

const input = {
  tenantName: 'Savanna Telecom Ltd',
  customerName: 'Wanjiku Kamau',
  number: 'INV-2025-000123',
  totalFormatted: 'KES 11,361.04',
  dueDate: new Date('2025-11-15T00:00:00Z'),
  currency: 'KES',
};

describe('invoiceEmail', () => {
  it('names the invoice, amount and due date in subject and both bodies', () => {
    const { subject, text, html } = invoiceEmail(input);
    expect(subject).toBe('Invoice INV-2025-000123 from Savanna Telecom Ltd');
    expect(text).toContain('Dear Wanjiku Kamau,');
    expect(text).toContain('Savanna Telecom Ltd has issued invoice INV-2025-000123 for KES 11,361.04, due on 15 Nov 2025.');
    expect(text).toContain('Please pay in KES by 15 Nov 2025.');
    expect(html).toContain('<strong>KES 11,361.04</strong>');
    expect(html).toContain('<strong>15 Nov 2025</strong>');
  });

  it("writes the due date in the tenant's zone: 21:00 UTC on 14 Nov is 15 Nov in Nairobi", () => {
    const { text } = invoiceEmail({ ...input, dueDate: new Date('2025-11-14T21:00:00Z'), timeZone: 'Africa/Nairobi' });
    expect(text).toContain('due on 15 Nov 2025.');
    expect(invoiceEmail({ ...input, dueDate: new Date('2025-11-14T21:00:00Z') }).text).toContain('due on 14 Nov 2025.');
  });

  it('escapes every interpolated value in the HTML', () => {
    const { html, text } = invoiceEmail({ ...input, tenantName: 'A&B <script>alert(1)</script>', customerName: `O'Neil "Ltd"` });
    expect(html).not.toContain('<script>');
    expect(html).toContain('A&amp;B &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('O&#39;Neil &quot;Ltd&quot;');
    expect(text).toContain(`Dear O'Neil "Ltd",`);
  });

  it('keeps the subject on one line', () => {
    expect(invoiceEmail({ ...input, tenantName: 'Evil\r\nBcc: victim@example.com' }).subject).toBe(
      'Invoice INV-2025-000123 from Evil Bcc: victim@example.com',
    );
  });
});

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters and nothing else', () => {
    expect(escapeHtml(`<a href="x">'&'</a> ₹ é`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt; ₹ é');
  });
});
