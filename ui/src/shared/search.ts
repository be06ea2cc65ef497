// The search box rule every list shares. Pure, so it is tested without a window.

/**
 * Every word of the search appears somewhere in the row's texts (case-insensitive): "red uk"
 * finds "GABA Red 50cl (UK)". An empty search matches everything.
 */
export function matchesSearch(search: string, texts: readonly (string | null | undefined)[]): boolean {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = texts.filter(Boolean).join(" ").toLowerCase();
  return words.every((w) => haystack.includes(w));
}
