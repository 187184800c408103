import { OperatorConfig } from '@nova/config';
import { TOKEN_OPERATOR, authenticateOperator } from './operator-credential';

const BOTH = new OperatorConfig({ username: 'ops', password: 'p:ss with colon' }, 'operator-token-'.padEnd(40, 'x'));

function basic(credentials: string): string {
  return `Basic ${Buffer.from(credentials).toString('base64')}`;
}

describe('authenticateOperator', () => {
  it('names the operator for the right Basic credential (passwords may contain ":") or the right token', () => {
    expect(authenticateOperator(basic('ops:p:ss with colon'), BOTH)).toBe('ops');
    expect(authenticateOperator(`bearer ${BOTH.token}`, BOTH)).toBe(TOKEN_OPERATOR);
  });

  it('refuses anything else', () => {
    for (const header of [undefined, '', 'Basic', basic('ops'), basic('ops:p:ss'), basic('OPS:p:ss with colon'), `Bearer ${BOTH.token}0`, `Token ${BOTH.token}`, BOTH.token!]) {
      expect(authenticateOperator(header, BOTH)).toBeUndefined();
    }
  });

  it('accepts only the kinds of credential that are configured', () => {
    expect(authenticateOperator(basic('ops:p:ss with colon'), new OperatorConfig(undefined, BOTH.token))).toBeUndefined();
    expect(authenticateOperator(`Bearer ${BOTH.token}`, new OperatorConfig(BOTH.basic, undefined))).toBeUndefined();
  });
});
