import { csvTextCell } from './csv';

describe('csvTextCell', () => {
  it('prefixes every formula start with a single quote', () => {
    expect(csvTextCell('=1+1')).toBe("'=1+1");
    expect(csvTextCell('+254700000001')).toBe("'+254700000001");
    expect(csvTextCell('-2+3')).toBe("'-2+3");
    expect(csvTextCell('@SUM(A1:A2)')).toBe("'@SUM(A1:A2)");
    expect(csvTextCell('\tcmd')).toBe("'\tcmd");
    expect(csvTextCell('\r=cmd')).toBe('"\'\r=cmd"');
    expect(csvTextCell('＝1+1')).toBe("'＝1+1");
  });

  it('looks past leading whitespace, which spreadsheets skip', () => {
    expect(csvTextCell('  =HYPERLINK("http://evil")')).toBe('"\'  =HYPERLINK(""http://evil"")"');
    expect(csvTextCell(' \t@x')).toBe("' \t@x");
    expect(csvTextCell('\n-1')).toBe('"\'\n-1"');
  });

  it('leaves harmless text alone and quotes commas, quotes and line breaks', () => {
    expect(csvTextCell('254700000001')).toBe('254700000001');
    expect(csvTextCell('Kenya - Mobile')).toBe('Kenya - Mobile');
    expect(csvTextCell('a@b.example')).toBe('a@b.example');
    expect(csvTextCell('Nairobi, KE')).toBe('"Nairobi, KE"');
    expect(csvTextCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvTextCell(null)).toBe('');
    expect(csvTextCell('')).toBe('');
  });
});
