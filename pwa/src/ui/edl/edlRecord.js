// Writing the EDL record itself. Its lists (parties, compteurs, clés) are whole fields: each edit
// is computed from the record as stored just before it is written, one edit after the other, so
// that two quick edits (a field saved on blur, then a tap on "Retirer") never undo each other
// with a stale copy.
import { getFieldRecord } from '../../db/queries.js';
import { writeFieldRecords } from '../../db/writes.js';

let queue = Promise.resolve();

/**
 * Write fields of EDL `id`: `values`, or `values(stored)` computed from the stored record, after
 * the edits already under way. `before` are records written first in the same transaction (the
 * photo of a meter), `blobs` their bytes. Resolves with the mutations.
 */
export function updateEdl(id, values, { before = [], blobs = [] } = {}) {
  const run = async () => {
    const stored = await getFieldRecord('etat_des_lieux', id);
    if (!stored) return [];
    const fields = typeof values === 'function' ? values(stored) : values;
    return writeFieldRecords([...before, { entity: 'etat_des_lieux', id, values: fields }], { blobs });
  };
  const done = queue.then(run);
  queue = done.catch(() => {}); // a failed edit does not block the next ones
  return done;
}
