// Photo pipeline in the browser: decode, shrink (longest side ≤ 2048 px), JPEG ~0.85, SHA-256.

export const MAX_SIDE = 2048;
export const QUALITY = 0.85;

/** Target size keeping the aspect ratio with the longest side ≤ max. */
export function fitSize(width, height, max = MAX_SIDE) {
  const scale = Math.min(1, max / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** Hex SHA-256 of a Blob or ArrayBuffer (crypto.subtle). */
export async function sha256Hex(data) {
  const buf = data instanceof ArrayBuffer ? data : await data.arrayBuffer();
  const digest = await crypto.subtle.digest('SHA-256', buf);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

async function decode(file) {
  try {
    return await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    // Fallback through an <img> element (older engines).
    const url = URL.createObjectURL(file);
    try {
      const img = new Image();
      img.src = url;
      await img.decode();
      return img;
    } finally {
      URL.revokeObjectURL(url);
    }
  }
}

/** Shrink an image File to a JPEG Blob and hash it: {blob, sha256, width, height}. */
export async function preparePhoto(file) {
  const src = await decode(file);
  const w = src.width || src.naturalWidth;
  const h = src.height || src.naturalHeight;
  const { width, height } = fitSize(w, h);
  let blob;
  if (typeof OffscreenCanvas !== 'undefined') {
    const canvas = new OffscreenCanvas(width, height);
    canvas.getContext('2d').drawImage(src, 0, 0, width, height);
    blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: QUALITY });
  } else {
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    canvas.getContext('2d').drawImage(src, 0, 0, width, height);
    blob = await new Promise((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('Encodage JPEG impossible'))), 'image/jpeg', QUALITY));
  }
  src.close?.();
  const bytes = await blob.arrayBuffer();
  const sha256 = await sha256Hex(bytes);
  return { blob: new Blob([bytes], { type: 'image/jpeg' }), sha256, width, height };
}
