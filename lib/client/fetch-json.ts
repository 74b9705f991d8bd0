// The dashboard's one way to call its JSON routes from the browser: errors arrive
// in the API's error shape and are thrown as ApiClientError with the field they name.
export class ApiClientError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "ApiClientError";
  }
}

export async function fetchJson<T>(url: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const response = await fetch(url, {
    method: init.method ?? "GET",
    headers: init.body === undefined ? undefined : { "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    credentials: "same-origin",
  });
  const data: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (data as { error?: { code?: string; message?: string; field?: string } } | null)?.error;
    throw new ApiClientError(response.status, error?.code ?? "error", error?.message ?? `Request failed (${response.status})`, error?.field);
  }
  return data as T;
}
