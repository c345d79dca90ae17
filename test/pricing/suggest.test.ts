import { closestMatches, editDistance } from '../../lib/pricing/suggest';

describe('editDistance', () => {
  test('counts insertions, deletions and substitutions', () => {
    expect(editDistance('ml.g5.xlarge', 'ml.g5.xlarge')).toBe(0);
    expect(editDistance('ml.g5.xlage', 'ml.g5.xlarge')).toBe(1); // one insertion
    expect(editDistance('g5.xlarge', 'g6.xlarge')).toBe(1); // one substitution
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });

  test('is symmetric', () => {
    expect(editDistance('inf2.xlarge', 'inf1.2xlarge')).toBe(editDistance('inf1.2xlarge', 'inf2.xlarge'));
  });
});

describe('closestMatches', () => {
  const skus = ['ml.g5.xlarge', 'ml.g5.2xlarge', 'ml.g6.xlarge', 'ml.m5.large', 'ml.t3.medium'];

  test('puts the closest candidate first (ml.g5.xlage → ml.g5.xlarge)', () => {
    expect(closestMatches('ml.g5.xlage', skus)[0]).toBe('ml.g5.xlarge');
  });

  test('keeps only the candidates at the smallest distance, ties alphabetical so the output is stable', () => {
    // 'ml.g5.xlarge' and 'ml.g6.xlarge' are one edit from 'ml.g7.xlarge'; 'ml.g5.2xlarge' is two
    expect(closestMatches('ml.g7.xlarge', skus)).toEqual(['ml.g5.xlarge', 'ml.g6.xlarge']);
  });

  test('returns at most `limit` candidates', () => {
    expect(closestMatches('ml.g7.xlarge', skus, 1)).toEqual(['ml.g5.xlarge']);
  });

  test('offers nothing when no candidate is close', () => {
    expect(closestMatches('anthropic.claude', skus)).toEqual([]);
  });

  test('ignores case and duplicate candidates', () => {
    expect(closestMatches('ML.G5.XLARGE', ['ml.g5.xlarge', 'ml.g5.xlarge'])).toEqual(['ml.g5.xlarge']);
  });
});
