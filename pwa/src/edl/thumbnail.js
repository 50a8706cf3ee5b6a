// Photo thumbnails for the tablet's PDF, from what the device holds: the server's thumbnail when
// it was cached, else the full image scaled down to ~480 px, else the full image as taken (a JPEG
// of at most 2048 px: a heavier PDF, still a photo), else nothing ("photo non reçue").
import { fitSize } from '../lib/photo.js';

/** Longest side of a thumbnail printed in the PDF (4 to a row on A4: ~130 pt each). */
export const THUMB_SIDE = 480;
const QUALITY = 0.8;

/** Bytes of a Uint8Array, ArrayBuffer or Blob; null for anything else. */
export async function bytesOf(x) {
  if (!x) return null;
  if (x instanceof Uint8Array) return x;
  if (x instanceof ArrayBuffer) return new Uint8Array(x);
  if (typeof x.arrayBuffer === 'function') return new Uint8Array(await x.arrayBuffer());
  return null;
}

/** A JPEG Blob of `blob` with its longest side ≤ `max`; null when the browser cannot draw it. */
export async function shrinkToJpeg(blob, max = THUMB_SIDE) {
  if (typeof createImageBitmap !== 'function') return null;
  let bitmap;
  try {
    bitmap = await createImageBitmap(blob);
    const { width, height } = fitSize(bitmap.width, bitmap.height, max);
    if (typeof OffscreenCanvas !== 'undefined') {
      const canvas = new OffscreenCanvas(width, height);
      canvas.getContext('2d').drawImage(bitmap, 0, 0, width, height);
      return await canvas.convertToBlob({ type: 'image/jpeg', quality: QUALITY });
    }
    const canvas = document.createElement('canvas');
    Object.assign(canvas, { width, height });
    canvas.getContext('2d').drawImage(bitmap, 0, 0, width, height);
    return await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', QUALITY));
  } catch {
    return null; // an image the browser cannot decode: the full bytes are tried next
  } finally {
    bitmap?.close?.();
  }
}

/**
 * The bytes to print for a photo: `readBlob(key)` reads the device's blobs (`${sha}:thumb`, then
 * `sha`), `shrink(blob)` scales one down. Null when the device has neither.
 */
export async function photoThumbnail(sha, { readBlob, shrink = shrinkToJpeg }) {
  const thumb = await bytesOf(await readBlob(`${sha}:thumb`));
  if (thumb) return thumb;
  const full = await readBlob(sha);
  if (!full) return null;
  const small = await shrink(full);
  return (await bytesOf(small)) || bytesOf(full);
}
