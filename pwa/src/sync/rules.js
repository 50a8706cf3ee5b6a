// Keep the server's rules fresh: one conditional GET /rules per sync cycle (If-None-Match: a 304
// costs a few bytes). The server stays the judge: a server without the endpoint, or an answer
// that is not rules, leaves the stored rules as they are.
import { rulesEtag, saveRules } from '../db/rules.js';
import { isNetworkError } from '../api/client.js';

/** Fetch the rules when they changed and store them. Resolves true when new rules were stored. */
export async function refreshRules(api, now = Date.now()) {
  if (!api.rules) return false;
  let res;
  try {
    res = await api.rules(await rulesEtag());
  } catch (e) {
    // No answer, a revoked device, an expired session or an old app: the cycle must know.
    if (isNetworkError(e) || e.wipe || e.status === 401 || e.status === 426) throw e;
    return false; // 404 (older server), 5xx…: keep the stored rules, the server still checks
  }
  if (res.notModified || !res.body?.entities) return false;
  await saveRules(res.body, res.etag || null, now);
  return true;
}
