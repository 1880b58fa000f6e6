// The page's only data path: POST /graphql, in the chosen language (Accept-Language), with a
// partner's bearer token only on the request that needs it.

export class ApiError extends Error {
  constructor(message, code, errors = []) {
    super(message);
    this.code = code;
    this.errors = errors;
  }
}

export async function graphql(query, variables = {}, { language, token } = {}) {
  const headers = { "Content-Type": "application/json", Accept: "application/json" };
  if (language) headers["Accept-Language"] = language;
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch("/graphql", {
      method: "POST",
      headers,
      body: JSON.stringify({ query, variables }),
      credentials: "omit",
    });
  } catch {
    throw new ApiError(null, "NETWORK");
  }
  let body;
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`HTTP ${response.status}`, "HTTP");
  }
  const errors = body.errors || [];
  if (errors.length) {
    const first = errors[0];
    throw new ApiError(first.message, (first.extensions || {}).code || "ERROR", errors);
  }
  const served = (body.extensions || {}).language || response.headers.get("Content-Language");
  return { data: body.data, language: served };
}
