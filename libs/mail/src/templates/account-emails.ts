import { escapeHtml } from './escape-html';
import type { RenderedEmail } from './invoice-email';

// E-mails about an admin's own account. Those carrying a token name the API call that takes it
// (there is no web console yet): `token: <secret>` on a line of its own, and a link that carries it.

/** Where a token is used: the API path it is POSTed to, and the page link a console would serve. */
export interface TokenAction {
  /** e.g. https://billing.example.com */
  publicUrl: string;
  /** e.g. /api/auth/verify-email */
  apiPath: string;
  token: string;
  expiresAt: Date;
}

function render(subject: string, greeting: string, paragraphs: string[], action?: TokenAction): RenderedEmail {
  const actionLines = action
    ? [`token: ${action.token}`, `Send it as {"token": "…"} to POST ${action.publicUrl}${action.apiPath} before ${action.expiresAt.toISOString()}. It works once.`]
    : [];
  const closing = 'If you did not expect this e-mail, you can ignore it; nothing changes without the token.';
  const text = [greeting, '', ...paragraphs, '', ...actionLines, ...(action ? ['', closing] : []), '', 'NovaBilling', ''].join('\n');
  const e = escapeHtml;
  const html = `<!doctype html>
<html><body style="font-family:Helvetica,Arial,sans-serif;color:#1f2933">
<p>${e(greeting)}</p>
${paragraphs.map((paragraph) => `<p>${e(paragraph)}</p>`).join('\n')}
${action ? `<p><code>token: ${e(action.token)}</code></p>\n<p>${e(actionLines[1]!)}</p>\n<p>${e(closing)}</p>` : ''}
<p>NovaBilling</p>
</body></html>
`;
  return { subject, text, html };
}

// Header values must stay on one line whatever a tenant typed into its name.
const oneLine = (value: string) => value.replace(/[\r\n]+/g, ' ').trim();

export function invitationEmail(input: { tenantName: string; inviterName: string | null; role: string; action: TokenAction }): RenderedEmail {
  const by = input.inviterName ? `${input.inviterName} invited you` : 'You are invited';
  return render(
    `You are invited to ${oneLine(input.tenantName)} on NovaBilling`,
    'Hello,',
    [`${by} to join ${input.tenantName} on NovaBilling as ${input.role}.`, 'To accept, choose your name and a password and send them with the token below.'],
    input.action,
  );
}

export function passwordResetEmail(input: { userName: string; tenantName: string; action: TokenAction }): RenderedEmail {
  return render(
    'Reset your NovaBilling password',
    `Dear ${input.userName},`,
    [`Someone asked to reset the password of your ${input.tenantName} account.`, 'Setting a new password with the token below signs you out everywhere.'],
    input.action,
  );
}

export function emailVerificationEmail(input: { userName: string; tenantName: string; action: TokenAction }): RenderedEmail {
  return render('Verify your NovaBilling e-mail address', `Dear ${input.userName},`, [`Please confirm that this is the address of your ${input.tenantName} account.`], input.action);
}

export function emailChangeEmail(input: { userName: string; tenantName: string; action: TokenAction }): RenderedEmail {
  return render(
    'Confirm your new NovaBilling e-mail address',
    `Dear ${input.userName},`,
    [`You asked to sign in to your ${input.tenantName} account with this address from now on. The change happens only when you confirm it with the token below.`],
    input.action,
  );
}

export function emailChangedEmail(input: { userName: string; tenantName: string; newEmail: string; at: Date }): RenderedEmail {
  return render('Your NovaBilling e-mail address was changed', `Dear ${input.userName},`, [
    `The sign-in address of your ${input.tenantName} account was changed to ${input.newEmail} at ${input.at.toISOString()}; this address no longer signs in.`,
    'If you did not do this, tell your administrator at once: someone with your password may have taken the account.',
  ]);
}
