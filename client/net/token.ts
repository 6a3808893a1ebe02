/** The viewer token from the page URL (`?token=…`), or null when the page was opened without one. */
export function tokenFromUrl(search: string): string | null {
  const t = new URLSearchParams(search).get('token');
  return t && t.trim() ? t.trim() : null;
}

/** The page's token (read once from its URL): the HTTP calls of the replay and what-if screens send it. */
export const pageToken = (): string | null => (typeof location === 'undefined' ? null : tokenFromUrl(location.search));
