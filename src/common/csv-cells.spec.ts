import { parse } from 'csv-parse/sync';
import { neutralizeCell, restoreCell, toCsv } from './csv-cells';

describe('CSV cells', () => {
  it.each(['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\tx', '\rx'])(
    'neutralizes the formula-like cell %j with a leading apostrophe',
    (cell) => {
      expect(neutralizeCell(cell)).toBe(`'${cell}`);
    },
  );

  it('leaves ordinary cells, dates and emails alone', () => {
    for (const cell of ['Ana', '2024-01-31', 'a@b.example', '', "O'Brien"])
      expect(neutralizeCell(cell)).toBe(cell);
  });

  it('restores a neutralized cell so an export imports back unchanged', () => {
    for (const cell of ['=HYPERLINK("x")', "'plain", 'Ana', '-x'])
      expect(restoreCell(neutralizeCell(cell))).toBe(cell);
  });

  it('writes quoted CSV that parses back to the neutralized cells', () => {
    const text = toCsv([
      ['name', 'note'],
      ['=cmd|"/c calc"!A1', 'a,b'],
    ]);
    expect(parse(text)).toEqual([
      ['name', 'note'],
      ['\'=cmd|"/c calc"!A1', 'a,b'],
    ]);
  });

  it('leaves plain numbers, negative ones too, as numbers', () => {
    for (const cell of ['-12', '-0.42', '3.5e-7']) expect(neutralizeCell(cell)).toBe(cell);
  });

  it('puts a UTF-8 byte-order mark first only when asked', () => {
    expect(toCsv([['a']], { bom: true })).toBe('\uFEFFa\n');
    expect(toCsv([['a']])).toBe('a\n');
  });
});
