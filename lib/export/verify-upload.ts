// The verify page's server half: reads the uploaded bundle from the request body as it streams in.
import "server-only";
import { ApiError } from "@/lib/http/errors";
import { splitLines, verifyBundle, type VerifyResult } from "./verify";

export async function verifyUploadedBundle(request: Request): Promise<VerifyResult> {
  if (!request.body) throw new ApiError("bad_request", "Send the bundle file as the request body.");
  // A web ReadableStream is async-iterable in Node (the DOM typings do not say so).
  try {
    return await verifyBundle(splitLines(request.body as unknown as AsyncIterable<Uint8Array>));
  } catch (error) {
    if (error instanceof RangeError) throw new ApiError("payload_too_large", error.message);
    throw error;
  }
}
