// A request whose path has a malformed percent escape ("/agents/%E0%A4%A") makes
// Next.js answer a bare 500 from inside its router. Such a URL is the client's mistake,
// so the server answers 400 itself, before Next.js sees it, in the API's error shape.

/** True when the path part of `url` (a request target such as "/a/b?c") cannot be decoded. */
export function hasMalformedPath(url) {
  const path = url.split("?", 1)[0] ?? "";
  try {
    decodeURIComponent(path);
    return false;
  } catch {
    return true;
  }
}

export const MALFORMED_PATH_BODY = JSON.stringify({
  error: { code: "bad_request", message: "The URL path contains a malformed percent-encoding (for example a bare \"%\"): encode it with encodeURIComponent.", field: "url" },
});
