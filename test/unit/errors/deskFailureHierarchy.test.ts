import { describe, expect, it } from 'vitest';
import { DeskFailure, GENERIC_USER_MESSAGE, toDeskError, userMessageOf } from '../../../preload/shared/errors/DeskFailure';
import { DomainError } from '../../../preload/shared/domain/DomainError';
import { SyncFailure } from '../../../preload/shared/sync/SyncFailure';
import { OcrError } from '../../../preload/shared/ocr/OcrError';
import { PackagingError } from '../../../preload/shared/pdf/PackagingError';
import { CardDataError } from '../../../main/card/cardDataError';
import { BacRefusedError } from '../../../main/card/bac';
import { CardRemovedError } from '../../../main/card/pcscReaders';
import { CardStatusError } from '../../../main/card/readElementaryFile';
import { UnsupportedCardError } from '../../../main/card/readEmrtd';
import { SecureMessagingError } from '../../../main/card/secureMessaging';
import { ImageImportError } from '../../../renderer/operations/dossier/readImageFile';
import { UploadGone } from '../../../renderer/operations/sync/uploadFileWithTus';

/** Letters only Vietnamese uses among the desk's languages: a message with none is not Vietnamese. */
const VIETNAMESE = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹáàãéèíìóòõúùý]/iu;

const samples: Array<[string, Error]> = [
  ['DomainError', new DomainError('code', 'Mã hồ sơ không hợp lệ.', 'detail')],
  ['SyncFailure', new SyncFailure('offline', 'fetch failed')],
  ['OcrError', new OcrError('engine', 'Bộ nhận dạng chữ gặp lỗi với trang này.', 'boom')],
  ['PackagingError', new PackagingError('image-corrupt', 'Ảnh PNG bị hỏng, không giải nén được.', 'zlib')],
  ['CardDataError', new CardDataError('bad TLV')],
  ['BacRefusedError', new BacRefusedError('MAC mismatch', 0x6300)],
  ['CardRemovedError', new CardRemovedError('SCARD_W_REMOVED_CARD')],
  ['CardStatusError', new CardStatusError('READ BINARY', 0x6a82)],
  ['UnsupportedCardError', new UnsupportedCardError(0x6a82)],
  ['SecureMessagingError', new SecureMessagingError('bad MAC')],
  ['ImageImportError', new ImageImportError('notImage', 'unknown signature')],
  ['UploadGone', new UploadGone('410 Gone')],
];

describe('one error base', () => {
  it.each(samples)('%s is a DeskFailure with a code and a Vietnamese user message', (_name, error) => {
    expect(error).toBeInstanceOf(DeskFailure);
    const failure = error as DeskFailure;
    expect(failure.code).not.toBe('');
    expect(failure.userMessage.trim()).not.toBe('');
    expect(failure.userMessage).toMatch(VIETNAMESE);
    expect(userMessageOf(error)).toBe(failure.userMessage);
    expect(toDeskError(error)).toMatchObject({ code: failure.code, message: failure.userMessage });
  });

  it('keeps technical messages where the card and import code logs them', () => {
    expect(new CardDataError('bad TLV').message).toBe('bad TLV');
    expect(new CardStatusError('READ BINARY', 0x6a82).message).toBe('READ BINARY: SW 6a82');
    expect(new ImageImportError('empty', 'empty file').problem).toBe('empty');
  });

  it('falls back to the generic Vietnamese text for anything else', () => {
    expect(userMessageOf(new Error('x'))).toBe(GENERIC_USER_MESSAGE);
    expect(userMessageOf('x')).toBe(GENERIC_USER_MESSAGE);
    expect(toDeskError(new Error('x')).message).toBe(GENERIC_USER_MESSAGE);
  });
});
