import {
  AnswerDraftSeal,
  DRAFT_CHUNK_CHARS,
  DRAFT_MAX_CHUNKS,
  DRAFT_TTL_SECONDS,
} from './answer-draft';

describe(AnswerDraftSeal.name, () => {
  const seal = new AnswerDraftSeal('unit-test-response-key-that-is-long-enough');
  const values = { q_enps: '8', q_comment: 'Fewer meetings, more focus time' };

  it('opens what it sealed, for the same link and survey only', () => {
    const chunks = seal.seal('link-a:survey-1', values)!;
    expect(chunks.length).toBe(1);
    expect(chunks[0]).not.toContain('meetings'); // sealed, and compressed before
    expect(seal.open('link-a:survey-1', chunks)).toEqual(values);
    expect(seal.open('link-b:survey-1', chunks)).toEqual({});
    expect(seal.open('link-a:survey-2', chunks)).toEqual({});
    // Another key (another installation) cannot open it either.
    expect(
      new AnswerDraftSeal('another-key-that-is-long-enough-too').open('link-a:survey-1', chunks),
    ).toEqual({});
  });

  it('opens to nothing when altered, cut short, expired or absent', () => {
    const [chunk] = seal.seal('b', values)!;
    const flipped = chunk.slice(0, 20) + (chunk[20] === 'A' ? 'B' : 'A') + chunk.slice(21);
    expect(seal.open('b', [flipped])).toEqual({});
    expect(seal.open('b', [chunk.slice(0, chunk.length - 4)])).toEqual({});
    expect(seal.open('b', [])).toEqual({});
    const now = Date.now();
    const old = seal.seal('b', values, now - DRAFT_TTL_SECONDS * 1000 - 1)!;
    expect(seal.open('b', old, now)).toEqual({});
  });

  it('splits a long draft into cookie-sized pieces, and gives up beyond the last piece', () => {
    // Text that does not compress: random letters.
    const noise = (n: number) =>
      Array.from({ length: n }, () =>
        String.fromCharCode(33 + Math.floor(Math.random() * 90)),
      ).join('');
    const long = { q_comment: noise(5_000) };
    const chunks = seal.seal('c', long)!;
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.every((c) => c.length <= DRAFT_CHUNK_CHARS)).toBe(true);
    expect(seal.open('c', chunks)).toEqual(long);
    expect(seal.seal('c', { q_comment: noise(DRAFT_CHUNK_CHARS * DRAFT_MAX_CHUNKS) })).toBeNull();
  });
});
