import { describe, expect, it } from 'vitest';
import { adoptPageToken, pageToken, tokenFromUrl, withoutToken } from '../../../client/net/token';
import { initialLang } from '../../../client/i18n/i18n';

describe('page URL', () => {
  it.each([
    ['?token=abc', 'abc'],
    ['?lang=zh&token=%20x%2By%20', 'x+y'],
    ['?token=', null],
    ['', null],
  ])('tokenFromUrl(%s) = %s', (search, token) => expect(tokenFromUrl(search)).toBe(token));

  it.each([
    ['http://h/wall?token=abc', '/wall'],
    ['http://h/replay?token=abc&day=2026-11-23&t=1#x', '/replay?day=2026-11-23&t=1#x'],
    ['http://h/?lang=zh&token=', '/?lang=zh'],
  ])('withoutToken(%s) = %s', (href, out) => expect(withoutToken(href)).toBe(out));

  it('moves ?token= into session storage and out of the address bar; a later page without one uses the stored token', () => {
    const stored = new Map<string, string>();
    const storage = { getItem: (k: string) => stored.get(k) ?? null, setItem: (k: string, v: string) => void stored.set(k, v) };
    const replaced: string[] = [];
    const replace = (u: string) => void replaced.push(u);
    expect(adoptPageToken({ href: 'http://h/wall?token=tok-1&lang=en', search: '?token=tok-1&lang=en', storage, replace })).toBe('tok-1');
    expect(replaced).toEqual(['/wall?lang=en']);
    expect(pageToken()).toBe('tok-1');
    // A shared link (no token) opened in the same tab: the tab's own token.
    expect(adoptPageToken({ href: 'http://h/replay?day=2026-11-23', search: '?day=2026-11-23', storage, replace })).toBe('tok-1');
    expect(replaced).toHaveLength(1);
    // A fresh tab without storage or token: none.
    expect(adoptPageToken({ href: 'http://h/', search: '', storage: undefined, replace })).toBeNull();
  });

  it.each([
    ['?lang=zh', null, 'zh'],
    ['?lang=xx', 'en', 'en'],
    ['', 'en', 'en'],
    ['', null, 'vi'],
    ['', 'fr', 'vi'],
  ])('initialLang(%s, stored %s) = %s (Vietnamese by default)', (search, stored, lang) => expect(initialLang(search, stored)).toBe(lang));
});
