/**
 * Headers of a file answered by the API. Names go out twice: an ASCII fallback in `filename`
 * (quotes, backslashes and percent signs replaced) and the exact name in RFC 5987 `filename*`,
 * so no name can break the header or inject another.
 */
export function contentDisposition(kind: "attachment" | "inline", name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\%]/g, "_");
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/**
 * The CSP of an attached file (R-FILE): nothing in it may run, load, submit or be framed, and
 * `sandbox` gives it an opaque origin should a browser ever render it as a document.
 */
export const DOWNLOAD_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox; frame-ancestors 'self'";
