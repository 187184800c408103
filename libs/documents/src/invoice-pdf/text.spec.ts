import { toPrintable } from './text';

describe('toPrintable', () => {
  it('keeps WinAnsi text, including Latin-1 accents and typographic punctuation', () => {
    expect(toPrintable('Café Zoë – “Ltd” €5 · ©')).toBe('Café Zoë – “Ltd” €5 · ©');
  });

  it('drops accents the built-in fonts lack and replaces other scripts', () => {
    expect(toPrintable('Nguyễn Đức Łukasz')).toBe('Nguyen ?uc ?ukasz');
    expect(toPrintable('₹ 100 नमस्ते')).toBe('? 100 ??????');
    expect(toPrintable('a\tb')).toBe('a b');
  });
});
