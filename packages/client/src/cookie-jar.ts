/**
 * A fetch that keeps cookies between calls, for Node scripts and tests that sign in the way a
 * browser does. Browsers keep cookies themselves and never need it.
 */
export function cookieJarFetch(baseFetch: typeof fetch = globalThis.fetch): typeof fetch & {
  cookies: Map<string, string>;
} {
  const cookies = new Map<string, string>();
  const jarFetch = async (input: string | URL | Request, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    if (cookies.size)
      headers.set('cookie', [...cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    const response = await baseFetch(input, { ...init, headers });
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      const expired = attributes.some((attribute) => {
        const [key = '', raw = ''] = attribute.trim().split('=');
        const lower = key.toLowerCase();
        return (
          (lower === 'max-age' && Number(raw) <= 0) || (lower === 'expires' && Date.parse(raw) <= Date.now())
        );
      });
      if (!value || expired) cookies.delete(name);
      else cookies.set(name, value);
    }
    return response;
  };
  return Object.assign(jarFetch, { cookies });
}
