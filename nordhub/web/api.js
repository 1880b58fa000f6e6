// The page's only data path: POST /graphql, in the chosen language (Accept-Language), with a
// partner's bearer token only on the request that needs it.

// A failed request: `code` is the API's `extensions.code` (or NETWORK / HTTP when no GraphQL
// answer came), `params` the error's other extensions (e.g. `maximum`). The page shows its own
// text for the code, never the API's message (which names the API's arguments).
export class ApiError extends Error {
  constructor(code, params = {}, message = "") {
    super(message || code);
    this.code = code;
    this.params = params;
  }
}

// A header value must be printable ASCII: anything else is not a token of the hub (and would
// make fetch() itself throw).
const HEADER_SAFE = /^[\x21-\x7e]+$/;

export async function graphql(query, variables = {}, { language, token } = {}) {
  const headers = { "Content-Type": "application/json", Accept: "application/json" };
  if (language) headers["Accept-Language"] = language;
  if (token !== undefined && token !== null) {
    if (!token) throw new ApiError("UNAUTHENTICATED");
    if (!HEADER_SAFE.test(token)) throw new ApiError("TOKEN_INVALID");
    headers.Authorization = `Bearer ${token}`;
  }
  let response;
  try {
    response = await fetch("/graphql", {
      method: "POST",
      headers,
      body: JSON.stringify({ query, variables }),
      credentials: "omit",
    });
  } catch {
    throw new ApiError("NETWORK");
  }
  let body;
  try {
    body = await response.json();
  } catch {
    throw new ApiError("HTTP", { status: response.status });
  }
  const errors = body.errors || [];
  if (errors.length) {
    const { code = "ERROR", ...params } = errors[0].extensions || {};
    throw new ApiError(code, params, errors[0].message);
  }
  const served = (body.extensions || {}).language || response.headers.get("Content-Language");
  return { data: body.data, language: served };
}
