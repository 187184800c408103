import { PASSWORD_MAX_LENGTH, passwordProblem } from './password-policy';

describe('passwordProblem', () => {
  it('accepts a long, uncommon password', () => {
    expect(passwordProblem('correct horse battery')).toBeNull();
    expect(passwordProblem('Tsavo-lions-1898!')).toBeNull();
  });

  it('wants at least 10 characters, counted as Unicode code points', () => {
    expect(passwordProblem('short1!')).toBe('must be at least 10 characters');
    expect(passwordProblem('abc def12')).toBe('must be at least 10 characters');
    // Five emoji are ten UTF-16 units but five characters.
    expect('🔑🔑🔑🔑🔑'.length).toBe(10);
    expect(passwordProblem('🔑🔑🔑🔑🔑')).toBe('must be at least 10 characters');
    expect(passwordProblem('🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑')).toBeNull();
    expect(passwordProblem('x'.repeat(PASSWORD_MAX_LENGTH + 1))).toBe(`must be at most ${PASSWORD_MAX_LENGTH} characters`);
  });

  it('refuses passwords made only of whitespace', () => {
    expect(passwordProblem(' '.repeat(10))).toBe('must not be only spaces');
    expect(passwordProblem('\t \n \u00a0    \u3000')).toBe('must not be only spaces');
  });

  it('refuses common passwords whatever their case, width or surrounding spaces', () => {
    for (const common of ['1234567890', 'password12', 'PASSWORD12', 'Qwertyuiop', 'password123', ' 1234567890 ', '１２３４５６７８９０', 'iloveyou123']) {
      expect([common, passwordProblem(common)]).toEqual([common, 'is too common; choose one that is harder to guess']);
    }
  });
});
