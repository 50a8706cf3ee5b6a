// Photos: append-only records of any family's record (`owner_entity`, `owner_record`), with
// their bytes in the `blobs` table by sha256.

/** Device-writable fields of a photo (append-only). */
export const PHOTO_FIELDS = ['sha256', 'owner_entity', 'owner_record', 'caption', 'taken_at'];

export const photos = {
  name: 'photos',
  label: 'Photos',
  entities: {
    photo: {
      parent: 'owner_record',
      owner: 'owner_entity',
      fields: PHOTO_FIELDS,
      tags: ['sha256'], // "is this photo's bytes still used?" without reading every photo
      appendOnly: true,
      labels: {
        one: 'Photo', many: 'Photos', the: 'la photo', feminine: true,
        fields: { sha256: 'Photo', owner_record: 'Fiche', caption: 'Légende', taken_at: 'Prise le', owner_entity: 'Objet' },
      },
      sortKey: (p) => `${p.taken_at || ''}|${p.id}`,
    },
  },
};
