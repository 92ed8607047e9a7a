import { describe, expect, it } from 'vitest';
import { chooseVocabulary, ENGLISH_STOP_WORDS, stopWordsOf, textTokens } from './text';
import { didYouMean, editDistance, nearestNames } from '../../../shared/suggest';

describe('text tokens', () => {
  it('lower-cases, keeps runs of two or more letters or digits, drops entities and stop words', () => {
    expect(textTokens('The GTK+ 3D viewer; a &lt;Fast&gt; one, caf\u00e9 x 42')).toEqual(['the', 'gtk', '3d', 'viewer', 'fast', 'one', 'café', '42']);
    expect(textTokens('The GTK+ 3D viewer; a &lt;Fast&gt; one', ENGLISH_STOP_WORDS)).toEqual(['gtk', '3d', 'viewer', 'fast']);
    expect(textTokens("it doesn't &#39;matter&#x27;", ENGLISH_STOP_WORDS)).toEqual(['matter']);
  });

  it('the English list holds function words only: topic words of software and news stay', () => {
    for (const w of ['the', 'of', 'and', 'to', 'is', 'for', 'with', 'this', 'it', 'are']) expect(ENGLISH_STOP_WORDS.has(w)).toBe(true);
    for (const w of ['system', 'computer', 'fire', 'bill', 'interest', 'game', 'font', 'sound', 'network', 'oil']) expect(ENGLISH_STOP_WORDS.has(w)).toBe(false);
    expect(stopWordsOf({})).toBe(ENGLISH_STOP_WORDS);
    expect(stopWordsOf({ stopWords: 'none' })).toBeNull();
    expect([...(stopWordsOf({ stopWords: ['Foo', 'bar'] }) ?? [])]).toEqual(['foo', 'bar']);
  });
});

describe('vocabulary by document frequency', () => {
  const df = new Map([['a', 10], ['b', 6], ['c', 5], ['d', 2], ['e', 1], ['f', 5]]);
  it('keeps words between min and max df, most frequent first, ties by word, up to the cap', () => {
    // defaults: in at least 2 cases and at most half of them (10 cases)
    expect(chooseVocabulary(df, 10, {})).toEqual(['c', 'f', 'd']);
    expect(chooseVocabulary(df, 10, { maxDf: 1 })).toEqual(['a', 'b', 'c', 'f', 'd']);
    expect(chooseVocabulary(df, 10, { maxDf: 1, minDf: 1 })).toEqual(['a', 'b', 'c', 'f', 'd', 'e']);
    expect(chooseVocabulary(df, 10, { maxDf: 1, vocabularyCap: 2 })).toEqual(['a', 'b']);
  });

  it('minDf ≥ 1 and maxDf > 1 are counts of cases; below 1 and up to 1, shares', () => {
    expect(chooseVocabulary(df, 10, { minDf: 6, maxDf: 1 })).toEqual(['a', 'b']);
    expect(chooseVocabulary(df, 10, { minDf: 0.55, maxDf: 1 })).toEqual(['a', 'b']);
    expect(chooseVocabulary(df, 10, { minDf: 1, maxDf: 5 })).toEqual(['c', 'f', 'd', 'e']);
    expect(chooseVocabulary(df, 10, { minDf: 1, maxDf: 0.2 })).toEqual(['d', 'e']);
  });
});

describe('did you mean', () => {
  it('edit distance ignores case and lets * match any run', () => {
    expect(editDistance('digt', 'digit')).toBe(1);
    expect(editDistance('Digit', 'digit')).toBe(0);
    expect(editDistance('px_*', 'px_3_4')).toBe(0);
    expect(editDistance('pix_*', 'px_3_4')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('abcdefgh', 'zzzzzzzz', 2)).toBe(3); // stopped early, past the limit
  });

  it('suggests the nearest names, or lists the columns', () => {
    expect(nearestNames('colour', ['color', 'colours', 'size', 'collar'])).toEqual(['color', 'colours', 'collar']);
    expect(didYouMean('lable', ['id', 'label'])).toBe('did you mean "label"?');
    expect(didYouMean('zzz', ['id', 'label'])).toBe('the columns are "id", "label"');
  });
});
