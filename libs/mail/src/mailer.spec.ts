import { InvalidMailError, Mailer } from './mailer';

// The transport connects lazily, so these checks run without any SMTP server.
describe('Mailer.send input checks', () => {
  const mailer = new Mailer({ host: '127.0.0.1', port: 2525, secure: false, from: 'billing@example.com' });
  afterAll(() => mailer.close());

  it.each([
    ['to', { to: [], subject: 'Hi', text: 'x' }],
    ['to', { to: ' ', subject: 'Hi', text: 'x' }],
    ['subject', { to: 'a@example.com', subject: '', text: 'x' }],
  ])('rejects a bad %s', async (field, mail) => {
    await expect(mailer.send(mail)).rejects.toThrow(InvalidMailError);
    await expect(mailer.send(mail)).rejects.toThrow(`Invalid e-mail: ${field} `);
  });
});
