/** The viewer token from the page URL (`?token=…`), or null when the page was opened without one. */
export function tokenFromUrl(search: string): string | null {
  const t = new URLSearchParams(search).get('token');
  return t && t.trim() ? t.trim() : null;
}

/** The same address without its `token` parameter (everything else, the hash included, kept). */
export function withoutToken(href: string): string {
  const u = new URL(href);
  u.searchParams.delete('token');
  return u.pathname + (u.search === '?' ? '' : u.search) + u.hash;
}

const KEY = 'gatetwin.token';
let current: string | null = null;

/** Where the tab keeps its token: session storage lives as long as the tab and is never sent anywhere by itself. */
interface TokenHome {
  href: string;
  search: string;
  storage: Pick<Storage, 'getItem' | 'setItem'> | undefined;
  replace(url: string): void;
}

/**
 * Takes the page's token at start: a `?token=` in the address moves into this tab's session storage and leaves
 * the address bar and history (replaceState), so it is not shared, bookmarked or screenshotted with the page;
 * without one, the token this tab stored earlier (a shared link opened in a tab that already has its own).
 */
export function adoptPageToken(home: TokenHome = browserHome()): string | null {
  const fromUrl = tokenFromUrl(home.search);
  if (fromUrl) {
    try {
      home.storage?.setItem(KEY, fromUrl);
    } catch {
      // Storage refused (private mode quota): the token lives in memory for this page only.
    }
    home.replace(withoutToken(home.href));
    current = fromUrl;
    return fromUrl;
  }
  try {
    current = home.storage?.getItem(KEY) ?? null;
  } catch {
    current = null;
  }
  return current;
}

/** The page's token (taken by `adoptPageToken` at start): the HTTP calls of the replay and what-if screens send it. */
export const pageToken = (): string | null => current;

function browserHome(): TokenHome {
  let storage: TokenHome['storage'];
  try {
    storage = sessionStorage;
  } catch {
    storage = undefined;
  }
  return { href: location.href, search: location.search, storage, replace: (url) => history.replaceState(history.state, '', url) };
}
