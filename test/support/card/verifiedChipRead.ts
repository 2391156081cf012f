import type { ChipReadResult } from '../../../preload/contract/card';

/** A chip read of the synthetic citizen that passed passive authentication, as the card service reports it. */
export function verifiedChipRead(mrz = ''): ChipReadResult {
  return {
    reader: 'r',
    documentNumber: '090012345',
    citizen: { idNumber: '001090012345', fullName: 'Nguyễn Văn An', birthDate: '1990-03-12', gender: 'male', placeOfResidence: 'Hà Nội' },
    authentication: { status: 'verified', hashesChecked: [1, 2, 13], signatureValid: true, problems: [] },
    dataGroups: [1, 2, 13],
    mrz,
  };
}
