// Photo bytes: upload queued blobs before the push, fetch remote ones for display.
import { db } from '../db/database.js';

/** Upload every queued blob (HEAD first, PUT when missing). Returns the number uploaded. */
export async function uploadBlobs(api, { onProgress } = {}) {
  const queued = await db.blobs.where('state').equals('queued').toArray();
  let done = 0;
  for (const b of queued) {
    let present = false;
    try {
      present = await api.hasBlob(b.sha256);
      if (!present) await api.putBlob(b.sha256, b.blob);
    } catch (e) {
      // Refused for good (bad image, too big…): keep the bytes, stop retrying this one; the
      // server will reject the photo mutation that needs it and the user sees why.
      if (e.status >= 400 && e.status < 500 && e.status !== 401 && e.status !== 408 && e.status !== 429) {
        await db.blobs.update(b.sha256, { state: 'failed', error: e.message });
        continue;
      }
      throw e;
    }
    await db.blobs.update(b.sha256, { state: 'uploaded', uploaded_at: Date.now() });
    done += 1;
    onProgress?.(done, queued.length);
  }
  return done;
}

/**
 * Bytes of a photo for display: local blob when the device has it, else the server's thumbnail
 * (or full image), cached as 'remote'. Returns null when offline and not cached.
 */
export async function photoBlob(api, sha, { thumb = true } = {}) {
  const row = await db.blobs.get(sha);
  if (row?.blob) return row.blob;
  const key = thumb ? `${sha}:thumb` : sha;
  const cached = await db.blobs.get(key);
  if (cached?.blob) return cached.blob;
  try {
    const blob = await api.getBlob(sha, { thumb });
    await db.blobs.put({ sha256: key, blob, size: blob.size, type: blob.type, state: 'remote', created_at: Date.now() });
    return blob;
  } catch (e) {
    if (e.wipe) throw e;
    return null;
  }
}
