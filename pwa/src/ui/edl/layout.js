// Writing the layout edits of an EDL (template.js's changes: create, update, delete of elements).
import { deleteFieldRecord, writeFieldRecords } from '../../db/writes.js';

/**
 * Write template.js changes: the deletions first (each as any record's deletion), then the
 * creations and updates in one transaction with their mutations.
 */
export async function writeLayout(changes) {
  for (const c of changes) if (c.op === 'delete') await deleteFieldRecord('edl_element', c.id);
  const items = changes.filter((c) => c.op !== 'delete').map((c) => ({ entity: 'edl_element', id: c.id, values: c.fields }));
  if (items.length) await writeFieldRecords(items);
}
