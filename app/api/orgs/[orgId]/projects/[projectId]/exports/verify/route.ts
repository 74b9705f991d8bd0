import { projectRoute } from "@/lib/auth/route";
import { verifyUploadedBundle } from "@/lib/export/verify-upload";

/**
 * Verifies an uploaded audit bundle (the raw file as the body), read as it arrives, so a bundle
 * of a million messages is never held whole. Answers OK or the first record that was changed,
 * removed, inserted or reordered.
 */
export const POST = projectRoute({}, async ({ request }) => verifyUploadedBundle(request));
