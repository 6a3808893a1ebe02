import { describe, expect, it } from 'vitest';
import { tokenFromUrl } from '../../../client/net/token';
import { initialLang } from '../../../client/i18n/i18n';

describe('page URL', () => {
  it.each([
    ['?token=abc', 'abc'],
    ['?lang=zh&token=%20x%2By%20', 'x+y'],
    ['?token=', null],
    ['', null],
  ])('tokenFromUrl(%s) = %s', (search, token) => expect(tokenFromUrl(search)).toBe(token));

  it.each([
    ['?lang=zh', null, 'zh'],
    ['?lang=xx', 'en', 'en'],
    ['', 'en', 'en'],
    ['', null, 'vi'],
    ['', 'fr', 'vi'],
  ])('initialLang(%s, stored %s) = %s (Vietnamese by default)', (search, stored, lang) => expect(initialLang(search, stored)).toBe(lang));
});
