/**
 * A request path whose `%` escapes do not decode (`%zz`, a lone `%`, `%C3` without its second byte):
 * decodeURIComponent throws URIError on it. Both listeners answer such a path 400 before anything
 * else, as a malformed request, instead of letting the URIError surface as a 500.
 */
export function malformedEscape(path: string): string | undefined {
  try {
    decodeURIComponent(path);
    return undefined;
  } catch {
    const at = /%(?![0-9A-Fa-f]{2})|%[0-9A-Fa-f]{2}/.exec(path)?.index ?? 0;
    const sample = path.slice(at, at + 12);
    return `invalid URL escape ${JSON.stringify(sample)} in the request path`;
  }
}
